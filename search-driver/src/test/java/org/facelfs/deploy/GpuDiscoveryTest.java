package org.facelfs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facelfs.train.DeviceAffinity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/getGpusResources.sh} as Spark runs it, into {@link DeviceAffinity} as a task gets
 * the addresses: whatever CUDA_VISIBLE_DEVICES holds, the addresses are the ordinals CUDA gives
 * the visible devices (from 0), which DeviceAffinity accepts for that many devices.
 */
class GpuDiscoveryTest {

    @TempDir
    Path tmp;

    /** The addresses the script prints, with a fake nvidia-smi (listing {@code smi}) first on PATH. */
    String[] discover(String cudaVisible, String smi) throws Exception {
        RecordingCommand nvidiaSmi = new RecordingCommand(tmp, "nvidia-smi", smi);
        Map<String, String> env = new HashMap<>();
        RecordingCommand.Result r;
        if (cudaVisible == null) {
            r = nvidiaSmi.runWithout("CUDA_VISIBLE_DEVICES", DeployFilesTest.DEPLOY.resolve("getGpusResources.sh"));
        } else {
            env.put("CUDA_VISIBLE_DEVICES", cudaVisible);
            r = nvidiaSmi.run(DeployFilesTest.DEPLOY.resolve("getGpusResources.sh"), env);
        }
        assertEquals(0, r.exit(), r.output());
        JsonNode json = new ObjectMapper().readTree(r.output());
        assertEquals("gpu", json.path("name").asText());
        List<String> out = new java.util.ArrayList<>();
        json.path("addresses").forEach(a -> out.add(a.asText()));
        return out.toArray(String[]::new);
    }

    @Test
    void visibleDevicesTwoAndThreeAreOrdinalsZeroAndOne() throws Exception {
        List<Integer> gpus = DeviceAffinity.ordinals(discover("2,3", "0\n1\n2\n3"));
        assertEquals(List.of(0, 1), gpus);
        DeviceAffinity.requireVisible(gpus, 2); // the process sees two devices
        // the raw values, as the old script printed them, are what CUDA would refuse
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceAffinity.requireVisible(List.of(2, 3), 2));
        assertTrue(e.getMessage().contains("Spark assigned GPU 2 but ND4J sees 2 device(s)"), e.getMessage());
    }

    @Test
    void uuidsAreCountedNotParsed() throws Exception {
        String[] addresses = discover("GPU-8f2c1e7a-11d2-4b1a-9c3e-0123456789ab, GPU-1b2c1e7a-11d2-4b1a-9c3e-0123456789ab",
                "");
        assertEquals(List.of(0, 1), DeviceAffinity.ordinals(addresses));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceAffinity.ordinals(new String[] {"GPU-8f2c1e7a-11d2-4b1a-9c3e-0123456789ab"}));
        assertTrue(e.getMessage().contains("is not a device ordinal"), e.getMessage());
    }

    @Test
    void unsetAsksNvidiaSmi() throws Exception {
        assertEquals(List.of(0, 1, 2, 3), DeviceAffinity.ordinals(discover(null, "0\n1\n2\n3")));
        assertEquals(List.of(), DeviceAffinity.ordinals(discover(null, "")));
    }

    @Test
    void emptyOrInvalidEntriesHideTheRest() throws Exception {
        assertEquals(List.of(), DeviceAffinity.ordinals(discover("", "0\n1")), "CUDA_VISIBLE_DEVICES= hides all");
        assertEquals(List.of(0), DeviceAffinity.ordinals(discover("1,-1,0", "0\n1")), "CUDA stops at -1");
    }
}
