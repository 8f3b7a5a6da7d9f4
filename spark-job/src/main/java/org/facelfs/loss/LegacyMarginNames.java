package org.facelfs.loss;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The old margin keys {@code m1, m2, m3}: the paper's notation (m2 cosine, m3 angular), which is
 * the reverse of insightface's {@code margin_list = (m1, m2, m3)} (m2 angular, m3 cosine). They
 * still load, so old configs and run directories ({@code loss.json}, {@code state.json}) keep
 * working, with one warning per JVM and loss type naming the mapping.
 */
final class LegacyMarginNames {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyMarginNames.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private LegacyMarginNames() {
    }

    /**
     * {@code value} if the named key was given, else {@code legacy} (warning once), else
     * {@code fallback}; both given is an error.
     */
    static Double pick(String type, String named, Double value, String legacyKey, Double legacy, Double fallback) {
        if (value != null && legacy != null) {
            throw new IllegalArgumentException(type + ": give " + named + " or the old key " + legacyKey + ", not both");
        }
        if (legacy != null) {
            warnOnce(type);
            return legacy;
        }
        return value != null ? value : fallback;
    }

    static void warnOnce(String type) {
        if (WARNED.add(type)) {
            LOG.warn("loss type {}: the keys m1/m2/m3 are read in the paper's notation, m1 = multiplicative, "
                    + "m2 = cosine-margin, m3 = angular-margin (insightface's margin_list has m2 angular and m3 "
                    + "cosine: write insightface = [m1, m2, m3] for that order); use the named keys to silence this",
                    type);
        }
    }
}
