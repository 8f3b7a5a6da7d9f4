package org.facelfs.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.facelfs.model.NativeBuild.Choice;
import org.facelfs.model.NativeBuild.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build-choice rule, the CPU-flag reader, and that this JVM loaded the build its choice names. */
class NativeBuildTest {

    private static final Set<String> AVX2 = Set.of("fpu", "sse4_2", "avx", "avx2", "fma");
    private static final Set<String> NO_AVX2 = Set.of("fpu", "sse4_2", "avx");

    @TempDir
    Path tmp;

    @Test
    void autoTakesOnednnExactlyWhereTheCpuHasAvx2AndTheBuildIsBundled() {
        assertEquals("-onednn-avx2", NativeBuild.decide(Mode.AUTO, null, AVX2, true).extension());
        assertEquals("", NativeBuild.decide(Mode.AUTO, null, NO_AVX2, true).extension());
        assertEquals("", NativeBuild.decide(Mode.AUTO, null, Set.of(), true).extension());
        assertEquals("", NativeBuild.decide(Mode.AUTO, null, AVX2, false).extension(), "cuda jars: no oneDNN build");
        assertTrue(NativeBuild.decide(Mode.AUTO, null, AVX2, true).reason().contains("AVX2"));
    }

    @Test
    void thePropertyForcesEitherBuildAndAHandSetExtensionWins() {
        assertEquals("", NativeBuild.decide(Mode.PLAIN, null, AVX2, true).extension());
        assertEquals("-onednn-avx2", NativeBuild.decide(Mode.ONEDNN, null, NO_AVX2, true).extension());
        Choice byHand = NativeBuild.decide(Mode.PLAIN, "-avx2", AVX2, true);
        assertEquals("-avx2", byHand.extension());
        assertEquals("linux-x86_64-avx2", byHand.classifier());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NativeBuild.decide(Mode.ONEDNN, null, AVX2, false));
        assertTrue(e.getMessage().contains("facelfs.native=onednn"), e.getMessage());
    }

    @Test
    void anUnknownModeNamesThePropertyAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mode.parse("fast"));
        assertTrue(e.getMessage().contains("-Dfacelfs.native is 'fast'") && e.getMessage().contains("plain"),
                e.getMessage());
        assertEquals(Mode.ONEDNN, Mode.parse(" OneDNN "));
    }

    @Test
    void cpuFlagsAreTheFirstFlagsLineOfCpuinfo() throws Exception {
        Path cpuinfo = tmp.resolve("cpuinfo");
        Files.writeString(cpuinfo, """
                processor\t: 0
                model name\t: AMD EPYC
                flags\t\t: fpu vme avx avx2 fma
                processor\t: 1
                flags\t\t: fpu
                """);
        assertEquals(Set.of("fpu", "vme", "avx", "avx2", "fma"), NativeBuild.cpuFlags(cpuinfo));
        assertEquals(Set.of(), NativeBuild.cpuFlags(tmp.resolve("missing")));
    }

    /** The test JVM chose (ChooseNativeBuild) before ND4J loaded, so the loaded build is the chosen one. */
    @Test
    void theLoadedBuildIsTheChosenOne() {
        Choice choice = NativeBuild.chosen();
        assertTrue(choice != null, "no choice made before the tests (ChooseNativeBuild not registered?)");
        assertEquals(choice.onednn(), NativeKernels.onednnLoaded()); // loads ND4J if no test did yet
        assertEquals(choice.classifier(), NativeKernels.loadedNd4jFolder());
        String line = NativeKernels.loadedBuild("CpuBackend", choice.onednn());
        assertTrue(line.startsWith("ND4J native build " + choice.classifier() + " "), line);
        assertTrue(line.endsWith(choice.reason() + "; native memory: " + NativeMemory.summary()
                + "; shape buffers cached"), line);
        assertFalse(line.contains("WARNING"), line);
    }
}
