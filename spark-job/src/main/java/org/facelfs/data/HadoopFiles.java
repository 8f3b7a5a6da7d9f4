package org.facelfs.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Every file access of the data package goes through here, i.e. through the Hadoop FileSystem
 * API, so {@code file:}, {@code hdfs:} and {@code s3a:} behave the same and a plain local path
 * (absolute or relative to the working directory) works too.
 */
public final class HadoopFiles {

    private static final Configuration CONF = new Configuration();

    private HadoopFiles() {
    }

    /** A Hadoop path for a URI or plain local path; relative local paths are made absolute. */
    public static Path path(String location) {
        if (!location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
            return new Path(java.nio.file.Path.of(location).toAbsolutePath().normalize().toUri());
        }
        return new Path(location);
    }

    /**
     * The file system that serves {@code path}. For {@code file:} the raw local file system, so no
     * {@code .crc} side files are written and files edited by other tools are not rejected.
     */
    public static FileSystem fs(Path path) {
        try {
            FileSystem fs = path.getFileSystem(CONF);
            return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open file system for " + path + ": " + e.getMessage(), e);
        }
    }

    public static boolean exists(Path path) {
        try {
            return fs(path).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
        }
    }

    /** The whole file; the error names the file. */
    public static byte[] readAllBytes(Path path) {
        try (InputStream in = fs(path).open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file as UTF-8 lines (a trailing newline gives no extra empty line). */
    public static List<String> readLines(Path path) {
        String text = new String(readAllBytes(path), StandardCharsets.UTF_8);
        return text.lines().toList();
    }

    /** Writes {@code text} as UTF-8, replacing the file; parent folders are created. */
    public static void writeString(Path path, String text) {
        writeBytes(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path path, byte[] bytes) {
        try (OutputStream out = fs(path).create(path, true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
