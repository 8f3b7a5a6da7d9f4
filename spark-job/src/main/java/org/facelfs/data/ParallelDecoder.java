package org.facelfs.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decodes and preprocesses many images on a fixed number of threads, keeping input order. Each
 * result is either the 8-bit CHW image or the {@link BadImageException} that says why not, so the
 * caller decides between skipping (folders) and failing (pairs files).
 */
public final class ParallelDecoder {

    /** One image to decode: a name for messages and a way to fetch its bytes. */
    public interface Source {
        String name();

        byte[] bytes() throws IOException;
    }

    /** A decoded image or the reason it could not be decoded. */
    public record Result(byte[] image, BadImageException error) {
        public boolean ok() {
            return image != null;
        }
    }

    private ParallelDecoder() {
    }

    /**
     * The one meaning of {@code data.decode-threads}: {@code n > 0} threads, or 0 = every core this
     * JVM sees (decoding runs once per JVM, before any candidate trains there).
     */
    public static int threads(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Decodes {@code sources} with {@code threads} threads ({@link #threads(int)}: 0 = every core;
     * 1 = in the calling thread).
     */
    public static List<Result> decodeAll(List<? extends Source> sources, Preprocess preprocess, int threads) {
        threads = threads(threads);
        if (threads <= 1 || sources.size() < 2) {
            List<Result> out = new ArrayList<>(sources.size());
            for (Source s : sources) {
                out.add(decodeOne(s, preprocess));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, sources.size()), r -> {
            Thread t = new Thread(r, "facelfs-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> futures = new ArrayList<>(sources.size());
            for (Source s : sources) {
                futures.add(pool.submit(() -> decodeOne(s, preprocess)));
            }
            List<Result> out = new ArrayList<>(sources.size());
            for (Future<Result> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding images", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Decodes one image; I/O failures become CORRUPT_IMAGE results naming the source. */
    public static Result decodeOne(Source source, Preprocess preprocess) {
        try {
            return new Result(preprocess.decode(source.bytes(), source.name()), null);
        } catch (BadImageException e) {
            return new Result(null, e);
        } catch (IOException | RuntimeException e) {
            return new Result(null, new BadImageException(InputProblems.Kind.CORRUPT_IMAGE,
                    source.name() + ": cannot read (" + e + "); skipped"));
        }
    }

    /** A file read through the Hadoop FileSystem API. */
    public record FileSource(org.apache.hadoop.fs.Path path) implements Source {
        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public byte[] bytes() {
            return HadoopFiles.readAllBytes(path);
        }
    }

    /** Bytes already in memory (e.g. from a pickle), with a name for messages. */
    public record BytesSource(String name, byte[] data) implements Source {
        @Override
        public byte[] bytes() {
            return data;
        }
    }
}
