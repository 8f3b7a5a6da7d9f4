package org.facelfs.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses which of the bundled ND4J CPU builds JavaCPP loads, before ND4J loads: ND4J's
 * {@code linux-x86_64-onednn-avx2} build where the CPU has AVX2 (training steps 5–7× faster, docs/benchmarks.md),
 * the plain {@code linux-x86_64} build elsewhere. Both builds sit in the jars under their own resource
 * folders ({@code org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64[-onednn-avx2]/}). How JavaCPP 1.5.7
 * picks one ({@code Loader.findLibrary}, {@code ClassProperties.load}): it looks in {@code platform + extension}
 * for each extension in play, and in the plain {@code platform} folder last. The extensions in play are those of
 * the system property {@value #JAVACPP_EXTENSION}, or — when the property is unset — every extension ND4J's
 * preset declares ({@code -onednn, -onednn-avx512, -onednn-avx2, -avx2, -avx512, ...}): unset, the oneDNN build
 * would be loaded whenever it is on the class path, AVX2 or not. So the choice always sets the property: to
 * {@value #ONEDNN_EXTENSION}, or to "" for the plain build (an empty extension matches none of the preset's).
 * JavaCPP copies only system properties named {@code org.bytedeco.javacpp.platform.*}; the short
 * {@code javacpp.platform.extension} is a Maven-side property and does nothing at run time.
 *
 * <p>{@value #PROPERTY} forces a build: {@code auto} (default), {@code onednn} or {@code plain}. A JVM's
 * choice is made once (the first {@link #choose} call); it must come before ND4J's first class
 * initialisation, which is why the launcher, the executors' Spark plugin and the test listener call it first.
 * The same call sets the JVM's {@link NativeMemory} settings and its {@link CachedShapeInfoProvider}.
 */
public final class NativeBuild {

    /** The facelfs switch: auto, onednn or plain. */
    public static final String PROPERTY = "facelfs.native";
    /** JavaCPP's platform extension property (read by {@code Loader.loadProperties}). */
    public static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    /** ND4J's classifier suffix of the oneDNN build bundled in the jars. */
    public static final String ONEDNN_EXTENSION = "-onednn-avx2";
    /** A resource only the bundled oneDNN build has. */
    static final String ONEDNN_RESOURCE = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64" + ONEDNN_EXTENSION
            + "/libjnind4jcpu.so";
    private static final Logger LOG = LoggerFactory.getLogger(NativeBuild.class);

    /** What was asked for. */
    public enum Mode {
        AUTO, ONEDNN, PLAIN;

        /** Parses the property's value; an unknown value fails naming the property and the choices. */
        public static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + " is '" + value
                        + "': use auto (oneDNN where the CPU has AVX2), onednn or plain");
            }
        }
    }

    /** The decision: the JavaCPP extension to set ("" = plain build) and why, in words. */
    public record Choice(String extension, String reason) {

        public boolean onednn() {
            return !extension.isEmpty();
        }

        /** The ND4J classifier JavaCPP will look for first. */
        public String classifier() {
            return "linux-x86_64" + extension;
        }
    }

    private static Choice chosen;

    private NativeBuild() {
    }

    /** {@link #choose(String)} with the {@value #PROPERTY} system property (default auto). */
    public static Choice choose() {
        return choose(System.getProperty(PROPERTY, "auto"));
    }

    /**
     * Decides once per JVM and sets {@value #JAVACPP_EXTENSION} accordingly; later calls return the first
     * decision. An extension set by hand ({@code -D}{@value #JAVACPP_EXTENSION}) is left as it is.
     */
    public static synchronized Choice choose(String mode) {
        if (chosen == null) {
            NativeMemory.configure(); // JavaCPP reads its memory limits when ND4J first loads it
            CachedShapeInfoProvider.install(NativeBuild.class.getClassLoader()); // read when ND4J loads, too
            boolean bundled = NativeBuild.class.getClassLoader().getResource(ONEDNN_RESOURCE) != null;
            chosen = decide(Mode.parse(mode), System.getProperty(JAVACPP_EXTENSION), cpuFlags(Path.of("/proc/cpuinfo")),
                    bundled);
            if (bundled) { // without the CPU builds (the cuda jars) JavaCPP's own default stays
                System.setProperty(JAVACPP_EXTENSION, chosen.extension());
            }
            LOG.debug("native build chosen: {} ({})", chosen.classifier(), chosen.reason());
        }
        return chosen;
    }

    /** The decision made in this JVM, or null before {@link #choose}. */
    public static synchronized Choice chosen() {
        return chosen;
    }

    /**
     * The rule. {@code preset} is the JavaCPP extension already set (null if none), {@code flags} the CPU's
     * flags, {@code bundled} whether the oneDNN build is on the class path (not in the cuda build).
     */
    static Choice decide(Mode mode, String preset, Set<String> flags, boolean bundled) {
        if (preset != null && !preset.isEmpty()) {
            return new Choice(preset, JAVACPP_EXTENSION + "=" + preset + " was set by hand");
        }
        boolean avx2 = flags.contains("avx2");
        return switch (mode) {
            case PLAIN -> new Choice("", PROPERTY + "=plain");
            case ONEDNN -> {
                if (!bundled) {
                    throw new IllegalStateException(PROPERTY + "=onednn but this class path has no oneDNN build ("
                            + ONEDNN_RESOURCE + "): use the CPU jars (mvn package), or " + PROPERTY + "=plain");
                }
                yield new Choice(ONEDNN_EXTENSION, PROPERTY + "=onednn" + (avx2 ? "" : " (the CPU reports no AVX2)"));
            }
            case AUTO -> !bundled ? new Choice("", "no oneDNN build on the class path")
                    : avx2 ? new Choice(ONEDNN_EXTENSION, "the CPU has AVX2")
                    : new Choice("", "the CPU has no AVX2 (" + (flags.isEmpty() ? "no CPU flags readable" : "flags lack avx2")
                    + ")");
        };
    }

    /** The CPU's feature flags (first {@code flags} line of /proc/cpuinfo); empty if unreadable. */
    static Set<String> cpuFlags(Path cpuinfo) {
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Arrays.stream(l.substring(l.indexOf(':') + 1).trim().split("\\s+")).collect(Collectors.toSet()))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
