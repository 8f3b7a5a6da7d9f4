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
        return evaluateWithDecisions(store, modelUri, sets, batchSize, flipFusion, threads).stream()
                .map(Embedder.Evaluation::report).toList();
    }

    /** As {@link #evaluate}, with each set's per-pair decisions (the eval verb's {@code --pairs-out}). */
    public static List<Embedder.Evaluation> evaluateWithDecisions(FileStore store, String modelUri,
                                                                  List<VerificationSource> sets, int batchSize,
                                                                  boolean flipFusion, int threads) {
        Threads.limit(threads);
        ComputationGraph net = new ModelFiles(store).read(modelUri);
        List<Embedder.Evaluation> out = new ArrayList<>();
        for (VerificationSource source : sets) {
            Embedder.Evaluation e = new Embedder(net, batchSize, flipFusion).evaluateWithDecisions(source.open());
            out.add(new Embedder.Evaluation(CandidateTrainer.rename(e.report(), source.name()), e.decisions()));
        }
        return out;
    }
}
