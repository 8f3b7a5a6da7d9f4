package org.facelfs.app;

import java.util.List;
import org.facelfs.eval.VerificationReport;
import org.facelfs.run.RunLayout;
import org.facelfs.search.Candidate;
import org.facelfs.train.CandidateResult;

/**
 * What the search loop asks of the machinery that trains. The order is a type: only the
 * {@link Trainer} that {@link #inspectData()} returns can write weights, train a round or
 * evaluate, so nothing can train before the data is known. The Spark implementation runs
 * candidates as tasks; tests use a fake, so the loop's checkpoint and resume logic is checked
 * without training anything.
 */
public interface TrainingBackend {

    /**
     * Facts about the training data fixed for the whole run.
     *
     * @param problems        skipped inputs (corrupt images, too-small identities, ...), one line each
     * @param setFingerprints fingerprint of each reward and evaluation set, keyed like
     *                        "reward set 'lfw' (data.reward)"
     */
    record DataFacts(int numClasses, int numImages, String fingerprint, List<String> classNames,
                     List<String> problems, java.util.Map<String, String> setFingerprints)
            implements java.io.Serializable {

        /** Facts without reward or evaluation sets. */
        public DataFacts(int numClasses, int numImages, String fingerprint, List<String> classNames,
                         List<String> problems) {
            this(numClasses, numImages, fingerprint, classNames, problems, java.util.Map.of());
        }
    }

    /** Inspects the training data (where the candidates will read it; the first call of a run). */
    Trainer inspectData();

    /** Trains on data whose facts are known. */
    interface Trainer {

        /** What the inspection found. */
        DataFacts data();

        /** Builds the round-0 weights from the seed and writes them to {@code layout.initialModel()}. */
        void writeInitialModel(RunLayout layout, long seed);

        /**
         * Trains every candidate of one round from {@code startModelUri}; each writes its weights to
         * {@code layout.candidateModel(round, index)}. Returns one result per candidate, in order.
         */
        List<CandidateResult> trainRound(RunLayout layout, int round, int rounds, List<Candidate> candidates,
                                         String startModelUri);

        /** Evaluates the final model on every configured evaluation set, one report per set. */
        List<VerificationReport> evaluateFinal(RunLayout layout, String modelUri);
    }
}
