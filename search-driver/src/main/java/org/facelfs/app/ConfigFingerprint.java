package org.facelfs.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Identifies "the same run" across restarts: a hash of the effective configuration without the
 * keys that may legitimately change on resume — where the output goes and how the cluster is
 * shaped ({@code run.*}, {@code cluster.*}), how many rounds to run ({@code search.rounds}) and
 * the warm start, which only matters when a run starts ({@code search.init-*}).
 */
public final class ConfigFingerprint {

    /** Top-level sections that define the run (others, e.g. a library's reference.conf, are ignored). */
    public static final List<String> SECTIONS = List.of("run", "search", "data", "model", "train", "cluster");
    private static final List<String> MAY_CHANGE = List.of("run", "cluster", "search.rounds", "search.init-from",
            "search.init-take");

    private ConfigFingerprint() {
    }

    public static String of(Config config) {
        String text = stable(config).root().render(ConfigRenderOptions.concise());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The keys whose values differ, as "key: old -> new", leaving out a key absent from the old
     * configuration whose new value is {@code reference}'s: a key added to reference.conf since the
     * old run was written, at its default (the run's own settings are in its state.json, which says
     * what an absent key meant then).
     */
    public static List<String> changes(String oldText, String newText, Config reference) {
        return changes(oldText, newText, reference, Map.of());
    }

    /**
     * As {@link #changes(String, String, Config)}, and a key now configured {@code auto} whose value resolves
     * to the number the old run configured ({@code resolvedNow}, e.g. {@code search.sigma} -> 0.03) is no change
     * either: a default that became {@code auto} leaves the run as it was.
     */
    public static List<String> changes(String oldText, String newText, Config reference,
            Map<String, Double> resolvedNow) {
        Map<String, ConfigValue> a = toMap(stable(ConfigFactory.parseString(oldText).resolve()));
        Map<String, ConfigValue> b = toMap(stable(ConfigFactory.parseString(newText).resolve()));
        Map<String, ConfigValue> defaults = toMap(stable(reference));
        List<String> out = new ArrayList<>();
        for (String k : new TreeSet<>(union(a, b))) {
            String va = a.containsKey(k) ? render(a.get(k)) : "(absent)";
            String vb = b.containsKey(k) ? render(b.get(k)) : "(absent)";
            boolean addedAtDefault = !a.containsKey(k) && defaults.containsKey(k) && render(defaults.get(k)).equals(vb);
            boolean autoAsBefore = b.containsKey(k) && "auto".equals(b.get(k).unwrapped())
                    && resolvedNow.containsKey(k) && sameNumber(a.get(k), resolvedNow.get(k));
            if (!va.equals(vb) && !addedAtDefault && !autoAsBefore) {
                out.add(k + ": " + va + " -> " + vb);
            }
        }
        return out;
    }

    private static boolean sameNumber(ConfigValue old, double now) {
        return old != null && old.unwrapped() instanceof Number n && n.doubleValue() == now;
    }

    private static String render(ConfigValue v) {
        return v.render(ConfigRenderOptions.concise());
    }

    private static Config stable(Config config) {
        Config c = ConfigFactory.empty();
        for (String s : SECTIONS) {
            if (config.hasPath(s)) {
                c = c.withValue(s, config.getValue(s));
            }
        }
        for (String k : MAY_CHANGE) {
            c = c.withoutPath(k);
        }
        return c;
    }

    private static Map<String, ConfigValue> toMap(Config c) {
        Map<String, ConfigValue> m = new java.util.HashMap<>();
        c.entrySet().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }
}
