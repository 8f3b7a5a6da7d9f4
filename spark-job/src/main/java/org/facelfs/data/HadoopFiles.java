package org.facelfs.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.facelfs.io.FileStore;

/**
 * The data package's short static access to files, backed by the JVM's default {@link FileStore}
 * (on an executor: the driver's Hadoop configuration, see {@link FileStore#useAsDefault}): every
 * read goes through the Hadoop FileSystem API ({@code file:}, {@code hdfs:}, {@code s3a:}, or a
 * plain local path), every write is atomic.
 */
public final class HadoopFiles {

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private HadoopFiles() {
    }

    private static FileStore store() {
        return FileStore.withDefaults();
    }

    /** A Hadoop path for a URI or plain local path; relative local paths are made absolute. */
    public static Path path(String location) {
        return store().path(location);
    }

    /** The file system that serves {@code path} (the raw local one for {@code file:}: no .crc files). */
    public static FileSystem fs(Path path) {
        return store().fs(path);
    }

    public static boolean exists(Path path) {
        return store().exists(path);
    }

    /** The whole file; the error names the file. */
    public static byte[] readAllBytes(Path path) {
        return store().readBytes(path);
    }

    /**
     * The file as UTF-8 lines (a trailing newline gives no extra empty line), without a leading byte
     * order mark: editors on Windows write one, and it would otherwise be part of the first path.
     */
    public static List<String> readLines(Path path) {
        String text = new String(readAllBytes(path), StandardCharsets.UTF_8);
        return (text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text).lines().toList();
    }

    /** Writes {@code text} as UTF-8, replacing the file atomically; parent folders are created. */
    public static void writeString(Path path, String text) {
        writeBytes(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path path, byte[] bytes) {
        store().writeAtomically(path, bytes);
    }
}
