package org.facelfs.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;

/**
 * Whether a resume that raises (or lowers) {@code search.rounds} continues the same run. A cosine
 * learning rate whose length is {@code search.rounds} ({@code train.lr.cosine-rounds = 0}) gives
 * the finished rounds other rates in a longer run, so the extended run would claim a history it
 * never had; every other schedule is independent of the total, and the extension is exact.
 */
final class RunExtension {

    private RunExtension() {
    }

    /** Why the run of {@code oldConfig} (its config.conf) cannot become the run of {@code newConfig}, if it cannot. */
    static Optional<String> problem(String oldConfig, String newConfig) {
        Config before = ConfigFactory.parseString(oldConfig).resolve();
        Config after = ConfigFactory.parseString(newConfig).resolve();
        int was = before.getInt("search.rounds");
        int now = after.getInt("search.rounds");
        if (was == now || !"cosine".equals(after.getString("train.lr.schedule"))
                || after.getInt("train.lr.cosine-rounds") > 0) {
            return Optional.empty();
        }
        return Optional.of(("search.rounds changes from %d to %d, but train.lr.schedule = cosine runs over search.rounds "
                + "(train.lr.cosine-rounds = 0): the rounds already trained had the learning rates of a %d-round cosine, "
                + "not those a %d-round run gives them, so the extended run would not be a %d-round run. Nothing was "
                + "changed. To extend a cosine run exactly, start it with train.lr.cosine-rounds set (later rounds stay at "
                + "train.lr.min); for a %d-round run now, use another --out").formatted(was, now, was, now, now, now));
    }
}
