package org.facelfs.train;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facelfs.data.ImageShape;
import org.facelfs.io.FileStore;

/**
 * Reads and writes DL4J model zips (configuration, parameters, updater state) on any file system.
 * Each zip also carries {@value #INFO_ENTRY}: the input image shape the network expects (DL4J's
 * configuration does not keep it) — DL4J ignores the extra entry when restoring.
 */
public final class ModelFiles {

    /** The extra zip entry holding {@link ModelInfo}. */
    public static final String INFO_ENTRY = "facelfs-model.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a saved model needs besides DL4J's own files. */
    public record ModelInfo(ImageShape input) {
    }

    private final FileStore store;

    public ModelFiles(FileStore store) {
        this.store = store;
    }

    public ComputationGraph read(String uri) {
        try (InputStream in = store.open(store.path(uri))) {
            return ModelSerializer.restoreComputationGraph(in, true);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the model " + uri + ": " + e.getMessage()
                    + " (is it a facelfs/DL4J model zip?)", e);
        }
    }

    /** The model's {@link ModelInfo}; fails naming the file when it has none. */
    public ModelInfo info(String uri) {
        try (ZipInputStream zip = new ZipInputStream(store.open(store.path(uri)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(INFO_ENTRY)) {
                    return JSON.readValue(zip.readAllBytes(), ModelInfo.class);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the model " + uri + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException(uri + " has no " + INFO_ENTRY + ": it was not written by facelfs");
    }

    /** Writes atomically: a reader sees the old file or the whole new one. */
    public void write(ComputationGraph net, ModelInfo info, String uri) {
        store.writeAtomically(store.path(uri), out -> {
            ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, dl4j, true);
            try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(dl4j.toByteArray()));
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
                zip.putNextEntry(new ZipEntry(INFO_ENTRY));
                zip.write(JSON.writeValueAsBytes(info));
                zip.closeEntry();
            }
        });
    }
}
