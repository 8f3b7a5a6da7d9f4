package org.facelfs.model;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a training JVM's native memory is managed, set once before ND4J loads ({@link NativeBuild#choose} calls
 * {@link #configure}). Two library defaults cost the default path time on every step (docs/benchmarks.md,
 * "Native memory"):
 * <ul>
 * <li><b>JavaCPP's physical-memory check.</b> Every native allocation JavaCPP tracks (each op's argument and
 * shape pointers, several per op) reads the process's resident size from {@code /proc} under a global lock, to
 * call {@code System.gc()} past {@code maxPhysicalBytes}. Unset, that limit is the heap plus three times the
 * heap, all of a machine's memory for the embedded default's heap, so the check costs ~11 % of README's first
 * command and could only fire once the kernel's out-of-memory killer would. Unless set by hand, it is turned
 * off ({@value #MAX_PHYSICAL_BYTES}{@code =0}); the cluster presets set a container-sized limit and keep it.</li>
 * <li><b>glibc's malloc returning freed memory to the kernel.</b> libnd4j and oneDNN allocate a step's
 * temporaries outside DL4J's workspaces; with glibc's adaptive thresholds a freed block of a few MiB goes back
 * to the kernel, and the next step's block of the same size comes back as fresh pages, each zeroed in a page
 * fault (15 % of a 112x112 step). {@code mallopt} keeps blocks up to 32 MiB (its largest mmap threshold) in
 * the heap, never trims it, and grows it 256 MiB at a time. Memory is then held at its peak, which a training
 * process reaches in its first step anyway.</li>
 * </ul>
 * {@value #PROPERTY}{@code =defaults} leaves both libraries as they are. It is read in each JVM (on a cluster,
 * pass it to the executors in {@code spark.executor.extraJavaOptions}).
 */
public final class NativeMemory {

    /** The facelfs switch: tuned (default) or defaults. */
    public static final String PROPERTY = "facelfs.nativeMemory";
    /** JavaCPP's limit on the process's resident size; JavaCPP also reads the all-lower-case spelling. */
    public static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    /** glibc's mallopt parameters (malloc.h) and the values set. */
    static final int M_TRIM_THRESHOLD = -1;
    static final int M_TOP_PAD = -2;
    static final int M_MMAP_THRESHOLD = -3;
    static final int MMAP_THRESHOLD_BYTES = 32 << 20;
    static final int TOP_PAD_BYTES = 256 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);

    private static String summary;

    private NativeMemory() {
    }

    /** Applies the settings once per JVM (later calls do nothing); returns what was done, in words. */
    public static synchronized String configure() {
        if (summary == null) {
            String mode = System.getProperty(PROPERTY, "tuned").trim().toLowerCase(Locale.ROOT);
            summary = switch (mode) {
                case "tuned" -> String.join("; ", tune());
                case "defaults" -> PROPERTY + "=defaults: JavaCPP's and glibc's own settings";
                default -> throw new IllegalArgumentException("-D" + PROPERTY + " is '" + mode
                        + "': use tuned (JavaCPP's RSS check off unless set, glibc keeps freed memory) or defaults");
            };
            LOG.debug("native memory: {}", summary);
        }
        return summary;
    }

    /** What {@link #configure} did, or null before it ran. */
    public static synchronized String summary() {
        return summary;
    }

    private static List<String> tune() {
        List<String> done = new ArrayList<>();
        String byHand = System.getProperty(MAX_PHYSICAL_BYTES, System.getProperty(MAX_PHYSICAL_BYTES.toLowerCase(Locale.ROOT)));
        if (byHand == null || byHand.isBlank()) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
            done.add("JavaCPP's RSS check off");
        } else {
            done.add("JavaCPP's RSS limit " + byHand + " (set by hand)");
        }
        done.add(keepFreedMemory());
        return done;
    }

    /** Sets glibc's malloc to keep freed memory; says why not where it cannot (no glibc, no JNA dispatch). */
    static String keepFreedMemory() {
        try {
            boolean ok = LibC.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
                    & LibC.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1
                    & LibC.mallopt(M_TOP_PAD, TOP_PAD_BYTES) == 1;
            return ok ? "malloc keeps freed memory (mmap threshold %d MiB, no trim)".formatted(MMAP_THRESHOLD_BYTES >> 20)
                    : "malloc left as it is (mallopt refused: not glibc?)";
        } catch (LinkageError | RuntimeException e) {
            return "malloc left as it is (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }

    /** libc's mallopt, bound directly by JNA (DL4J's own dependency). */
    static final class LibC {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        private LibC() {
        }

        static native int mallopt(int param, int value);
    }
}
