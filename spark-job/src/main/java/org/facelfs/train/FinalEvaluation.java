package org.facelfs.train;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.source.VerificationSource;
import org.facelfs.eval.Embedder;
import org.facelfs.eval.VerificationReport;
import org.facelfs.io.FileStore;

/** Evaluates a saved model on verification sets (the run's final evaluation and the eval verb). */
public final class FinalEvaluation {

    private FinalEvaluation() {
    }

    public static List<VerificationReport> evaluate(FileStore store, String modelUri, List<VerificationSource> sets,
                                                    int batchSize, boolean flipFusion, int threads) {
        Threads.limit(threads);
        ComputationGraph net = new ModelFiles(store).read(modelUri);
        List<VerificationReport> out = new ArrayList<>();
        for (VerificationSource source : sets) {
            Embedder embedder = new Embedder(net, batchSize, flipFusion);
            out.add(CandidateTrainer.rename(embedder.evaluate(source.open()), source.name()));
        }
        return out;
    }
}
