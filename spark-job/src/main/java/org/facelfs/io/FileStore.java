package org.facelfs.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Reads and writes the run's files through the Hadoop FileSystem API, so that {@code file:},
 * {@code hdfs:} and {@code s3a:} behave alike. Every write is <em>atomic for readers</em>: the
 * bytes go to a hidden temporary name beside the target, then one rename puts them in place, so
 * a reader sees the old file or the whole new one, never half of it.
 *
 * <p>On HDFS and local file systems rename is atomic. On S3 (s3a) a rename is a copy and a delete:
 * a reader may briefly see no file, but never a partial one, because S3 objects appear only when
 * their upload completes.
 */
public final class FileStore {

    private static final String TEMP_PREFIX = "._tmp-";

    private final Configuration hadoopConf;
    /** This JVM's default configuration: the driver's, once installed; else core-site.xml from the classpath. */
    private static volatile Configuration jvmDefault;

    public FileStore(Configuration hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    /**
     * A store over this JVM's default Hadoop configuration: the one {@link #useAsDefault} installed
     * (on a Spark executor the driver's, with its {@code spark.hadoop.*} keys), else a default
     * {@code Configuration} (core-site.xml from the classpath, if any).
     */
    public static FileStore withDefaults() {
        Configuration conf = jvmDefault;
        if (conf == null) {
            conf = new Configuration();
            jvmDefault = conf;
        }
        return new FileStore(conf);
    }

    /** Makes {@code conf} the configuration of {@link #withDefaults()} in this JVM. */
    public static void useAsDefault(Configuration conf) {
        jvmDefault = conf;
    }

    /**
     * Turns a location as a user writes it (a Hadoop path string such as {@code hdfs://nn/runs/my run}
     * or a plain local path) into a qualified Hadoop path. Characters are taken literally: a space is
     * a space and {@code %20} is three characters, as everywhere in Hadoop. This is the only parser
     * for user strings; locations this program passes on (to tasks, in files) are URIs from
     * {@link #uri} and come back through {@link #fromUri}, never through here.
     */
    public Path path(String location) {
        Path p = new Path(location);
        if (p.toUri().getScheme() == null) {
            // a local path: absolute, file: scheme, and no trailing slash (File.toURI adds one to directories)
            Path abs = new Path(new java.io.File(location).getAbsoluteFile().toPath().normalize().toString());
            p = abs.makeQualified(URI.create("file:///"), abs);
        }
        return p;
    }

    public FileSystem fs(Path p) {
        try {
            FileSystem fs = p.getFileSystem(hadoopConf);
            // the local file system's checksum layer would leave a .crc beside every file
            return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + p + ": " + e.getMessage(), e);
        }
    }

    public boolean exists(Path p) {
        try {
            return fs(p).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + p + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically (temporary name, then rename). */
    public void writeAtomically(Path target, byte[] bytes) {
        writeAtomically(target, out -> out.write(bytes));
    }

    public void writeAtomically(Path target, String text) {
        writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Streams into {@code target} atomically: nothing is visible under its name until done. */
    public void writeAtomically(Path target, StreamWriter writer) {
        FileSystem fs = fs(target);
        Path temp = new Path(target.getParent(), TEMP_PREFIX + target.getName() + "-" + UUID.randomUUID());
        try {
            fs.mkdirs(target.getParent());
            try (FSDataOutputStream out = fs.create(temp, true)) {
                // writers such as ModelSerializer close what they are given: keep ours open to sync it
                writer.write(new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                try {
                    out.hsync();
                } catch (UnsupportedOperationException notSyncable) {
                    // s3a streams refuse hsync unless fs.s3a.downgrade.syncable.exceptions is set (Spark sets it
                    // only in its own Hadoop configuration): there the object is durable once close() uploads it
                    out.flush();
                }
            }
            replace(fs, temp, target);
        } catch (IOException e) {
            deleteQuietly(fs, temp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (FSError e) {
            // the local file system reports a failed write (a full disk) as an Error around the IOException
            deleteQuietly(fs, temp);
            IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
            throw new UncheckedIOException("cannot write " + target + ": " + cause.getMessage(), cause);
        } catch (RuntimeException e) {
            deleteQuietly(fs, temp);
            throw e;
        }
    }

    /**
     * Moves {@code temp} onto {@code target}. A plain rename already replaces an existing file
     * atomically on local disks (POSIX rename). HDFS refuses to rename onto an existing file (false):
     * FileContext's OVERWRITE rename does it there in one namenode operation. S3A (Hadoop 3.3) refuses
     * with {@link FileAlreadyExistsException}, and an object store has no atomic replace at all: the
     * old object is deleted, then the temporary one renamed (copied, then deleted), so a stop in
     * between leaves no target but the whole new file under its temporary name (docs/cluster.md, S3).
     */
    private void replace(FileSystem fs, Path temp, Path target) throws IOException {
        try {
            if (fs.rename(temp, target)) {
                return;
            }
        } catch (FileAlreadyExistsException objectStore) {
            fs.delete(target, false);
            if (!fs.rename(temp, target)) {
                throw new IOException("cannot rename " + temp + " to " + target + " after deleting the old file");
            }
            return;
        }
        FileContext fc = FileContext.getFileContext(fs.getUri(), hadoopConf);
        fc.rename(temp, target, Options.Rename.OVERWRITE);
    }

    /**
     * Creates {@code target} holding {@code bytes} only if no file of that name exists: true if this
     * call created it, false if it was there. Exclusive on local disks ({@code O_EXCL}: Hadoop's local
     * file system only checks, then creates) and on HDFS (one namenode operation). On s3a (Hadoop 3.3)
     * it is a check followed by a PUT, so two callers within the same moment can both succeed: callers
     * that need exclusivity there read the file back after a while (see the run lease).
     */
    public boolean createIfAbsent(Path target, byte[] bytes) {
        FileSystem fs = fs(target);
        try {
            fs.mkdirs(target.getParent());
            if (fs instanceof RawLocalFileSystem local) {
                try (OutputStream out = java.nio.file.Files.newOutputStream(local.pathToFile(target).toPath(),
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                    out.write(bytes);
                }
                return true;
            }
            try (FSDataOutputStream out = fs.create(target, false)) {
                out.write(bytes);
            }
            return true;
        } catch (java.nio.file.FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // HDFS refuses a name another client is still creating with its own exception
            if (exists(target)) {
                return false;
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code target} in place, in one create-with-overwrite: never absent (a PUT on s3a, one
     * namenode operation on HDFS), though a reader on HDFS or a local disk may see it part-written.
     * For small files whose readers can tell a partial file ({@link #writeAtomically} is for the rest).
     */
    public void overwrite(Path target, byte[] bytes) {
        try (FSDataOutputStream out = fs(target).create(target, true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The file's status, or null if it does not exist. */
    public FileStatus statusOrNull(Path p) {
        try {
            return fs(p).getFileStatus(p);
        } catch (java.io.FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + p + ": " + e.getMessage(), e);
        }
    }

    public byte[] readBytes(Path p) {
        try (InputStream in = fs(p).open(p)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    public String readString(Path p) {
        return new String(readBytes(p), StandardCharsets.UTF_8);
    }

    /** Opens {@code p} for reading; the caller closes the stream. */
    public InputStream open(Path p) {
        try {
            return fs(p).open(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** The children of a directory, sorted by name, without temporary files; empty if absent. */
    public List<Path> list(Path dir) {
        try {
            FileSystem fs = fs(dir);
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            for (FileStatus st : fs.listStatus(dir)) {
                if (!st.getPath().getName().startsWith(TEMP_PREFIX)) {
                    out.add(st.getPath());
                }
            }
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    public void mkdirs(Path dir) {
        try {
            if (!fs(dir).mkdirs(dir)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public void deleteRecursively(Path p) {
        try {
            fs(p).delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }

    /** Copies a file within or across file systems (atomically at the destination). */
    public void copy(Path from, Path to) {
        writeAtomically(to, out -> {
            try (InputStream in = open(from)) {
                in.transferTo(out);
            }
        });
    }

    /** The qualified URI of {@code p}: escaped once, so {@link #fromUri} gives {@code p} back exactly. */
    public URI uri(Path p) {
        return fs(p).makeQualified(p).toUri();
    }

    /** The path of a URI string made by {@link #uri} (its escapes decoded exactly once). */
    public Path fromUri(String uri) {
        try {
            return new Path(new URI(uri));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + uri + " (" + e.getMessage() + ")", e);
        }
    }

    /** {@code p} qualified, in the form users write and {@link #path(String)} reads back (for messages). */
    public Path qualified(Path p) {
        return fs(p).makeQualified(p);
    }

    private static void deleteQuietly(FileSystem fs, Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException ignored) {
            // best effort: a stray temporary file is never read as a result
        }
    }

    /** Writes content to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

}
