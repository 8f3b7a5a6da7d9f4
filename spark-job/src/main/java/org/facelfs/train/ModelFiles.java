package org.facelfs.train;

import java.io.IOException;
import java.io.InputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facelfs.io.FileStore;

/** Reads and writes DL4J model zips (configuration, parameters, updater state) on any file system. */
public final class ModelFiles {

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

    /** Writes atomically: a reader sees the old file or the whole new one. */
    public void write(ComputationGraph net, String uri) {
        store.writeAtomically(store.path(uri), out -> ModelSerializer.writeModel(net, out, true));
    }

}
