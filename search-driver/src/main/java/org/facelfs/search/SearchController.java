package org.facelfs.search;

import org.facelfs.outcome.CandidateStatus;
import org.facelfs.policy.Policies;
import org.facelfs.policy.PolicyKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.GaussianPolicy;
import org.facelfs.policy.Policy;
import org.facelfs.policy.PolicyState;
import org.facelfs.policy.Proposal;

/**
 * The driver side of the search (DESIGN.md §1.3), pure Java: each round it proposes M candidate
 * losses with their seeds, observes their rewards, updates the sampling distribution, and
 * tracks which candidate's weights start the next round.
 *
 * <p>Rounds are 0-based and strictly sequential: {@code propose(k)} (any number of times; it is
 * deterministic) then {@code observe(outcomes of k)}, then round k + 1. The first
 * {@code warmupRounds} rounds train the warm-up loss and do not update the policy. Every random
 * number derives from (seed, round, candidate) ({@link RandomStreams}), so {@link #state()}
 * saved after any round and {@link #restore(SearchState)} continue bit for bit like an unbroken run.
 *
 * <p>Not thread-safe: the Spark driver calls it from one thread.
 */
public final class SearchController {

    private final SearchSettings settings;
    private final LossSpec warmupLoss;
    private Policy policy;
    private int nextRound;
    private ScoredCandidate current;
    private ScoredCandidate overall;
    private final List<RoundRecord> history;

    /** A controller at the start of a search. */
    public SearchController(SearchSettings settings) {
        this(settings, Policies.create(settings.policySettings()), 0, null, null, List.of());
    }

    private SearchController(SearchSettings settings, Policy policy, int nextRound, ScoredCandidate current,
                             ScoredCandidate overall, List<RoundRecord> history) {
        this.settings = settings;
        this.warmupLoss = Policies.warmupLoss(settings.policySettings());
        this.policy = policy;
        this.nextRound = nextRound;
        this.current = current;
        this.overall = overall;
        this.history = new ArrayList<>(history);
    }

    /**
     * A controller continuing from a saved state. Refuses states of another format version or
     * random-number scheme, and states whose history does not match their round counter.
     */
    public static SearchController restore(SearchState state) {
        if (state.formatVersion() != SearchState.FORMAT_VERSION) {
            throw new IllegalArgumentException("search state format " + state.formatVersion() + " is not supported (expected "
                    + SearchState.FORMAT_VERSION + ")");
        }
        if (!SearchState.RngScheme.CURRENT.equals(state.rng())) {
            throw new IllegalArgumentException("search state uses random-number scheme " + state.rng()
                    + ", this version uses " + SearchState.RngScheme.CURRENT + ": it cannot continue that run exactly");
        }
        if (state.nextRound() != state.history().size()) {
            throw new IllegalArgumentException("search state is inconsistent: next round " + state.nextRound() + " but "
                    + state.history().size() + " rounds of history");
        }
        Policy policy = Policies.create(state.settings().policySettings()).withState(state.policy());
        return new SearchController(state.settings(), policy, state.nextRound(), state.current(), state.overall(),
                state.history());
    }

    /** The settings this search runs with. */
    public SearchSettings settings() {
        return settings;
    }

    /** The round {@link #propose(int)} expects next (0-based; equals the number of rounds observed). */
    public int nextRound() {
        return nextRound;
    }

    /** Whether {@code settings().rounds()} rounds have been observed. */
    public boolean finished() {
        return nextRound >= settings.rounds();
    }

    /** What the policy has learned so far (μ, log σ, Adam state; empty for Random-Softmax and Fixed). */
    public PolicyState policyState() {
        return policy.state();
    }

    /**
     * The candidates of {@code round}, which must be {@link #nextRound()}. Deterministic: calling
     * it again (e.g. after a restore) gives equal candidates.
     */
    public List<Candidate> propose(int round) {
        requireNextRound(round);
        boolean warmup = settings.isWarmup(round);
        int n = settings.candidatesIn(round);
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Proposal p = warmup ? new Proposal(warmupLoss, List.of()) : sample(round, i);
            out.add(new Candidate(round, i, Candidate.idOf(round, i), p.spec(), trainingSeed(round, i, warmup), p.sample(),
                    warmup));
        }
        return List.copyOf(out);
    }

    /** The loss the warm-up rounds train (see {@link Policies#warmupLoss}). */
    public LossSpec warmupLoss() {
        return warmupLoss;
    }

    /**
     * Candidate i's proposal. With {@code search.antithetic} the Gaussian policies propose in
     * mirrored pairs: candidate 2k + 1 reuses candidate 2k's draws z and samples μ - σz (an odd
     * last candidate draws on its own).
     */
    private Proposal sample(int round, int i) {
        if (settings.antithetic() && i % 2 == 1 && policy instanceof GaussianPolicy g) {
            return g.proposeMirrored(RandomStreams.forSample(settings.seed(), round, i - 1));
        }
        return policy.propose(RandomStreams.forSample(settings.seed(), round, i));
    }

    /**
     * The seed of data order, augmentation and dropout. With {@code search.common-random-numbers}
     * every candidate of a searching round gets the round's seed (that of candidate 0), so reward
     * differences come from the losses and not from the data order. Warm-up rounds and the fixed
     * policy keep one seed per candidate: their candidates share one loss, and equal seeds would
     * train M identical networks.
     */
    private long trainingSeed(int round, int i, boolean warmup) {
        boolean common = settings.commonRandomNumbers() && !warmup && settings.policy() != PolicyKind.FIXED;
        return RandomStreams.trainingSeed(settings.seed(), round, common ? 0 : i);
    }

    /**
     * Takes the outcomes of every candidate of round {@link #nextRound()} (any order), updates
     * the policy (outside warm-up, and only if at least one candidate finished), picks the
     * round's best, and advances to the next round. Failed and non-finite candidates get the
     * reward of {@code settings().failedReward()} for the update and are never chosen as best.
     *
     * @return the round's record, as added to the history
     */
    public RoundRecord observe(List<CandidateOutcome> outcomes) {
        int round = nextRound;
        List<Candidate> candidates = propose(round);
        Map<String, CandidateOutcome> byId = indexOutcomes(outcomes, candidates, round);

        int n = candidates.size();
        double[] raw = new double[n];
        boolean[] ok = new boolean[n];
        double minOk = Double.POSITIVE_INFINITY;
        int bestIndex = -1;
        for (int i = 0; i < n; i++) {
            CandidateOutcome o = byId.get(candidates.get(i).id());
            raw[i] = o.reward();
            ok[i] = o.status() == CandidateStatus.OK;
            if (ok[i]) {
                minOk = Math.min(minOk, raw[i]);
                if (bestIndex < 0 || raw[i] > raw[bestIndex]) {
                    bestIndex = i;
                }
            }
        }

        boolean anyOk = bestIndex >= 0;
        double[] assigned = new double[n];
        for (int i = 0; i < n; i++) {
            assigned[i] = ok[i] ? raw[i] : anyOk ? settings.failedReward().assign(minOk) : Double.NaN;
        }
        boolean update = anyOk && !settings.isWarmup(round) && policy.learns();
        double[] normalised = update ? settings.rewardNormalisation().normalise(assigned) : new double[n];
        if (update) {
            policy = policy.learn(candidates.stream().map(Candidate::sample).toList(), normalised);
        }

        List<CandidateRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CandidateOutcome o = byId.get(candidates.get(i).id());
            records.add(new CandidateRecord(candidates.get(i), o.status(), raw[i], assigned[i], normalised[i], o.metrics()));
        }
        if (anyOk) {
            Candidate winner = candidates.get(bestIndex);
            current = new ScoredCandidate(winner, raw[bestIndex], byId.get(winner.id()).metrics());
            if (overall == null || current.reward() > overall.reward()) {
                overall = current;
            }
        }
        PolicyState learned = policy.state();
        RoundRecord record = new RoundRecord(round, settings.isWarmup(round), update, records,
                anyOk ? candidates.get(bestIndex).id() : null, learned.mu(), learned.sigma());
        history.add(record);
        nextRound++;
        return record;
    }

    /** The best candidates so far; empty until some candidate finished OK. */
    public Optional<Best> best() {
        return current == null ? Optional.empty() : Optional.of(new Best(current, overall));
    }

    /** The rounds observed so far. */
    public List<RoundRecord> history() {
        return List.copyOf(history);
    }

    /** The whole controller as data; {@link SearchState#toJson()} writes it. */
    public SearchState state() {
        return new SearchState(SearchState.FORMAT_VERSION, settings, SearchState.RngScheme.CURRENT, nextRound,
                policy.state(), current, overall, history);
    }

    private void requireNextRound(int round) {
        if (round != nextRound) {
            throw new IllegalStateException("round " + round + " requested, but the search is at round " + nextRound
                    + " (rounds are proposed and observed in order)");
        }
    }

    private static Map<String, CandidateOutcome> indexOutcomes(List<CandidateOutcome> outcomes, List<Candidate> candidates,
                                                                int round) {
        Map<String, CandidateOutcome> byId = new HashMap<>();
        for (CandidateOutcome o : outcomes) {
            if (byId.put(o.candidateId(), o) != null) {
                throw new IllegalArgumentException("round " + round + ": two outcomes for candidate " + o.candidateId());
            }
        }
        for (Candidate c : candidates) {
            if (!byId.containsKey(c.id())) {
                throw new IllegalArgumentException("round " + round + ": no outcome for candidate " + c.id());
            }
        }
        if (byId.size() != candidates.size()) {
            List<String> unknown = byId.keySet().stream()
                    .filter(id -> candidates.stream().noneMatch(c -> c.id().equals(id))).sorted().toList();
            throw new IllegalArgumentException("round " + round + ": outcomes for unknown candidates " + unknown);
        }
        return byId;
    }
}
