package org.facelfs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceAffinityTest {

    @Test
    void onTheCpuBackendAssignedGpusAreReportedAndIgnored() {
        assertFalse(DeviceAffinity.onGpu());
        assertFalse(DeviceAffinity.cudaBuild(), "the CPU build carries no CUDA backend class");
        assertEquals("CPU", DeviceAffinity.pin(List.of()));
        assertTrue(DeviceAffinity.pin(List.of(1, 3)).contains("-Pcuda"));
    }

    @Test
    void sparkResourceAddressesBecomeOrdinals() {
        assertEquals(List.of(0, 3), DeviceAffinity.ordinals(new String[] {"0", " 3"}));
    }
}
