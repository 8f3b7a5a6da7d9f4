package org.facelfs.train;

import org.facelfs.config.ConfigReader;
import org.facelfs.data.source.DataSection;

/** The {@code train} section (documented, with its defaults, in this module's reference.conf). */
public final class TrainSection {

    /** {@code train.lr.schedule}. */
    public enum Schedule { MULTISTEP, COSINE }

    private TrainSection() {
    }

    /**
     * How every candidate trains.
     *
     * @param data    the {@code data} section (training and reward sets)
     * @param rounds  {@code search.rounds}: the cosine schedule's length unless train.lr.cosine-rounds fixes it
     * @param devices devices per candidate ({@code cluster.gpus-per-candidate}, at least 1)
     * @return the plan with 0 threads: the CPU threads are known once the Spark master is
     *         ({@link TrainPlan#withThreads})
     */
    public static TrainPlan read(ConfigReader root, DataSection data, int rounds, int devices) {
        return root.build("train", t -> new TrainPlan(data.train(), data.reward(), t.intAtLeast("batch-size", 1),
                t.intAtLeast("iterations-per-round", 0), t.bool("flip"), optimizer(t, rounds), 0, devices,
                t.intAtLeast("eval-batch-size", 1), t.bool("flip-fusion"), t.nonNegative("progress-seconds")));
    }

    private static Optimizer optimizer(ConfigReader t, int rounds) {
        ConfigReader lr = t.section("lr");
        LrSchedule s = switch (lr.choice("schedule", Schedule.class)) {
            case MULTISTEP -> new LrSchedule.MultiStep(lr.positive("base"), lr.ints("milestones"),
                    lr.positive("gamma"), lr.nonNegative("warmup-rounds"));
            case COSINE -> new LrSchedule.Cosine(lr.positive("base"), cosineRounds(lr, rounds), lr.nonNegative("min"),
                    lr.nonNegative("warmup-rounds"));
        };
        return new Optimizer(t.inRange("momentum", 0, 0.999), t.nonNegative("weight-decay"), s);
    }

    /** train.lr.cosine-rounds, or search.rounds when it is 0 (a run with a fixed length can be extended). */
    private static int cosineRounds(ConfigReader lr, int rounds) {
        int fixed = lr.intAtLeast("cosine-rounds", 0);
        return fixed > 0 ? fixed : rounds;
    }
}
