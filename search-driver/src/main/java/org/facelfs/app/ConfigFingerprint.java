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

    /** The keys whose values differ between two configurations (HOCON texts), as "key: old -> new". */
    public static String differences(String oldText, String newText) {
        Map<String, ConfigValue> a = toMap(stable(ConfigFactory.parseString(oldText).resolve()));
        Map<String, ConfigValue> b = toMap(stable(ConfigFactory.parseString(newText).resolve()));
        List<String> out = new ArrayList<>();
        for (String k : new TreeSet<>(union(a, b))) {
            String va = a.containsKey(k) ? a.get(k).render(ConfigRenderOptions.concise()) : "(absent)";
            String vb = b.containsKey(k) ? b.get(k).render(ConfigRenderOptions.concise()) : "(absent)";
            if (!va.equals(vb)) {
                out.add(k + ": " + va + " -> " + vb);
            }
        }
        return out.isEmpty() ? "(no differing keys)" : String.join("; ", out);
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
