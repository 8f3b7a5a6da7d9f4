package org.facelfs.train;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facelfs.data.ImageShape;
import org.facelfs.io.FileStore;
import org.facelfs.model.NativeKernels;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes DL4J model zips (configuration, parameters, updater state) on any file system.
 * Each zip also carries {@value #INFO_ENTRY}: the input image shape the network expects (DL4J's
 * configuration does not keep it) — DL4J ignores the extra entry when restoring. The entry is the zip's
 * first, so {@link #info} reads a few hundred bytes, not the whole model (older zips have it last and
 * still read).
 */
public final class ModelFiles {

    /** The extra zip entry holding {@link ModelInfo}. */
    public static final String INFO_ENTRY = "facelfs-model.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PIPE_BUFFER = 1 << 20;

    /** What a saved model needs besides DL4J's own files. */
    public record ModelInfo(ImageShape input) {
    }

    private final FileStore store;

    public ModelFiles(FileStore store) {
        this.store = store;
    }

    public ComputationGraph read(String uri) {
        try (InputStream in = store.open(store.fromUri(uri))) {
            ComputationGraph net = ModelSerializer.restoreComputationGraph(in, true);
            NativeKernels.useOnednnIfLoaded(net); // every graph a task trains or embeds with
            return net;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the model " + uri + ": " + e.getMessage()
                    + " (is it a facelfs/DL4J model zip?)", e);
        }
    }

    /** The model's {@link ModelInfo}; fails naming the file when it has none. */
    public ModelInfo info(String uri) {
        try (ZipInputStream zip = new ZipInputStream(store.open(store.fromUri(uri)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(INFO_ENTRY)) {
                    return JSON.readValue(zip.readAllBytes(), ModelInfo.class);
                }
            }
        } catch (ValueInstantiationException e) { // e.g. an input shape too large for any array
            throw new IllegalStateException(uri + ": its " + INFO_ENTRY + " is not valid: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the model " + uri + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException(uri + " has no " + INFO_ENTRY + ": it was not written by facelfs");
    }

    /**
     * Writes atomically: a reader sees the old file or the whole new one. DL4J's zip is streamed
     * through a pipe into ours (after the info entry) rather than buffered, so writing costs no heap
     * beyond the pipe's buffer, whatever the model's size.
     */
    public void write(ComputationGraph net, ModelInfo info, String uri) {
        store.writeAtomically(store.fromUri(uri), out -> writeTo(net, info, out));
    }

    /** The model zip, info entry first, onto {@code out} (closed at the end). */
    static void writeTo(ComputationGraph net, ModelInfo info, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_SPEED); // float weights barely compress: do not spend the CPU trying
            zip.putNextEntry(new ZipEntry(INFO_ENTRY));
            zip.write(JSON.writeValueAsBytes(info));
            zip.closeEntry();
            copyDl4jEntries(net, zip);
        }
    }

    private static void copyDl4jEntries(ComputationGraph net, ZipOutputStream zip) throws IOException {
        PipedInputStream fromDl4j = new PipedInputStream(PIPE_BUFFER);
        // a piped reader waiting for data polls once a second unless the writer flushes: flush every write
        OutputStream toPipe = new FilterOutputStream(new PipedOutputStream(fromDl4j)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                out.flush();
            }
        };
        Integer device = Nd4j.getAffinityManager().getDeviceForCurrentThread();
        CompletableFuture<Void> serialiser = CompletableFuture.runAsync(() -> {
            Nd4j.getAffinityManager().unsafeSetDevice(device); // the weights' device (GPU builds), not a new thread's default
            try (OutputStream o = toPipe) {
                ModelSerializer.writeModel(net, o, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> {
            Thread t = new Thread(runnable, "facelfs-model-writer");
            t.setDaemon(true);
            t.start();
        });
        try (ZipInputStream in = new ZipInputStream(fromDl4j)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            // the entries end at DL4J's central directory, which the zip reader does not consume: drain the
            // pipe itself to the writer's end, or closing it would fail a serialiser still writing
            fromDl4j.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            fromDl4j.close(); // a serialiser still writing now fails instead of blocking on a full pipe
            serialiser.exceptionally(x -> {
                e.addSuppressed(x);
                return null;
            }).join();
            throw e;
        }
        awaitSerialiser(serialiser);
    }

    private static void awaitSerialiser(CompletableFuture<Void> serialiser) throws IOException {
        try {
            serialiser.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the model", e);
        } catch (ExecutionException e) {
            throw new IOException("DL4J could not serialise the model: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
