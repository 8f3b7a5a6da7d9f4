package org.facelfs.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeMemory} as a JVM gets it from {@link NativeBuild#choose} (this test JVM through the
 * session listener, before ND4J loaded): JavaCPP's RSS check is off, and glibc's malloc gives a step's
 * freed temporaries back to the next step instead of to the kernel — counted as this thread's page faults
 * while the same blocks are allocated, written and freed again, against a child JVM left at the defaults.
 */
class NativeMemoryTest {

    /** Two 24 MiB blocks a cycle, like two activations of a 112x112 step (above glibc's start thresholds). */
    private static final long BLOCK = 24L << 20;
    private static final long PAGES = 2 * BLOCK / 4096;

    @Test
    void theRssCheckIsOffUnlessSetByHand() {
        assertTrue(NativeMemory.summary().contains("JavaCPP's RSS check off"), NativeMemory.summary());
        assertEquals(0, Pointer.maxPhysicalBytes(), "JavaCPP read its limit after the choice");
    }

    @Test
    void freedBlocksAreReusedWithoutPageFaults() throws Exception {
        assertTrue(NativeMemory.summary().contains("malloc keeps freed memory"), NativeMemory.summary());
        long tuned = faultsOfLaterCycles();
        long defaults = Long.parseLong(childFaults("defaults"));
        String both = " page faults in 3 cycles of " + PAGES + " pages (tuned " + tuned + ", defaults " + defaults + ")";
        assertTrue(tuned < PAGES / 10, "tuned: too many" + both);
        assertTrue(defaults >= PAGES / 2, "glibc's defaults: too few to tell" + both);
    }

    @Test
    void anUnknownModeNamesTheProperty() throws Exception {
        String out = childFaults("fast");
        assertTrue(out.contains("-Dfacelfs.nativeMemory is 'fast'") && out.contains("tuned") && out.contains("defaults"),
                out);
    }

    /** Page faults of this thread in cycles 2–4 of allocate, write, free (cycle 1 may grow the heap). */
    static long faultsOfLaterCycles() throws IOException {
        cycle();
        long before = threadMinorFaults();
        for (int i = 0; i < 3; i++) {
            cycle();
        }
        return threadMinorFaults() - before;
    }

    private static void cycle() {
        Pointer a = Pointer.malloc(BLOCK);
        Pointer b = Pointer.malloc(BLOCK);
        Pointer.memset(a, 1, BLOCK);
        Pointer.memset(b, 1, BLOCK);
        Pointer.free(a);
        Pointer.free(b);
    }

    /** minflt of the calling thread ({@code /proc/thread-self/stat}, field 10). */
    static long threadMinorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    }

    /** Runs {@link Probe} in a child JVM with {@code -Dfacelfs.nativeMemory=mode}; its last output line. */
    private static String childFaults(String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-javaagent")).toList());
        cmd.addAll(List.of("-D" + NativeMemory.PROPERTY + "=" + mode, "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out.isEmpty() ? "(no output, exit " + p.exitValue() + ")" : out.substring(out.lastIndexOf('\n') + 1);
    }

    /** A JVM configured as asked, printing {@link #faultsOfLaterCycles} (or the configuration's error). */
    public static final class Probe {
        public static void main(String[] args) throws IOException {
            try {
                NativeMemory.configure();
            } catch (IllegalArgumentException e) {
                System.out.println(e.getMessage());
                return;
            }
            System.out.println(faultsOfLaterCycles());
        }
    }
}
