package org.facelfs.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.facelfs.run.RunLayout;
import org.facelfs.eval.VerificationReport;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.search.Candidate;
import org.facelfs.train.CandidateResult;
import org.facelfs.outcome.CandidateStatus;

/**
 * A training backend that trains nothing: a candidate's "weights" are a text file naming the
 * weights it started from and its loss, and its reward peaks at a = -100, so the loop's
 * bookkeeping (checkpoint, resume, best weights) can be checked exactly and fast.
 */
final class FakeBackend implements TrainingBackend {

    final FileStore store = FileStore.withDefaults();
    /** Throws when asked to train this round (a crash mid-round), once. */
    int crashAtRound = -1;
    /** Candidates that fail (non-finite). */
    Predicate<Candidate> fails = c -> false;
    /** How the candidates that {@link #fails} picks end. */
    CandidateStatus failStatus = CandidateStatus.NON_FINITE;
    String dataFingerprint = "data-1";
    /** Subtracted from every reward per round, so the best of a run is in its first round. */
    double rewardDropPerRound = 0;
    final List<Integer> roundsTrained = new ArrayList<>();

    @Override
    public Trainer inspectData() {
        DataFacts facts = new DataFacts(10, 100, dataFingerprint, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"),
                List.of());
        return new Trainer() {
            @Override
            public DataFacts data() {
                return facts;
            }

            @Override
            public void writeInitialModel(RunLayout layout, long seed) {
                FakeBackend.this.writeInitialModel(layout, seed);
            }

            @Override
            public List<CandidateResult> trainRound(RunLayout layout, int round, int rounds, List<Candidate> candidates,
                                                    String startModelUri) {
                return FakeBackend.this.trainRound(layout, round, candidates, startModelUri);
            }

            @Override
            public List<VerificationReport> evaluateFinal(RunLayout layout, String modelUri) {
                return List.of(new VerificationReport("fake-set", 0.9, 0, List.of(0.9), List.of(0.0), 0.9, 0, 0.95,
                        List.of(), List.of(), 10, 20));
            }
        };
    }

    private void writeInitialModel(RunLayout layout, long seed) {
        store.writeAtomically(layout.initialModel(), "init seed=" + seed);
    }

    private List<CandidateResult> trainRound(RunLayout layout, int round, List<Candidate> candidates,
                                             String startModelUri) {
        if (round == crashAtRound) {
            crashAtRound = -1;
            // like a driver dying halfway: some candidates wrote their files, the round never completes
            store.writeAtomically(layout.candidateModel(round, 0), "half-finished");
            throw new IllegalStateException("driver killed during round " + round);
        }
        roundsTrained.add(round);
        String start = store.readString(store.fromUri(startModelUri));
        List<CandidateResult> out = new ArrayList<>();
        for (Candidate c : candidates) {
            String model = store.uri(layout.candidateModel(round, c.index())).toString();
            store.writeAtomically(layout.candidateModel(round, c.index()), "from[" + start.hashCode() + "] "
                    + c.spec().formula());
            if (fails.test(c)) {
                out.add(CandidateResult.failed(c.id(), failStatus,
                        failStatus == CandidateStatus.NON_FINITE ? "loss became NaN" : "IOException: disk on fire", "fake"));
                continue;
            }
            double reward = reward(c.spec()) + 1e-3 * (c.seed() % 7) - rewardDropPerRound * round;
            out.add(new CandidateResult(c.id(), CandidateStatus.OK, "", reward, Map.of("accuracy", reward), 1.0, 100,
                    50, 2000, 100, model, "fake"));
        }
        return out;
    }

    static double reward(LossSpec spec) {
        if (spec instanceof LossSpec.UnifiedGlobal g) {
            double x = Math.log10(Math.max(1e-9, -g.a()));
            return 0.9 - 0.05 * (x - 2) * (x - 2);
        }
        return 0.5;
    }
}
