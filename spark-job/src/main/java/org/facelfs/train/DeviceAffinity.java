package org.facelfs.train;

import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins a candidate to the GPUs Spark assigned to its task ({@code TaskContext.resources()}):
 * the training thread is attached to the first assigned device, and a candidate with several
 * devices trains data-parallel (ParallelWrapper) over that many. On the CPU backend (every test
 * here: no GPU can be had) it does nothing.
 */
public final class DeviceAffinity {

    private DeviceAffinity() {
    }

    /**
     * Whether this jar carries ND4J's CUDA backend, found without loading ND4J (a GPU-less driver
     * of a CUDA build must not initialise the backend).
     */
    public static boolean cudaBuild() {
        try {
            Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, DeviceAffinity.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Whether ND4J runs on its CUDA backend in this JVM. */
    public static boolean onGpu() {
        return Nd4j.getBackend().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT).contains("cuda");
    }

    /**
     * Attaches the calling thread to {@code gpus.get(0)}; returns what was done, for the log.
     *
     * @param gpus device ordinals Spark assigned (its "gpu" resource addresses), may be empty
     */
    public static String pin(List<Integer> gpus) {
        if (!onGpu()) {
            return gpus.isEmpty() ? "CPU" : "CPU backend: ignoring assigned GPUs " + gpus
                    + " (build with -Pcuda for GPU executors)";
        }
        if (gpus.isEmpty()) {
            return "GPU " + Nd4j.getAffinityManager().getDeviceForCurrentThread() + " (none assigned by Spark)";
        }
        requireVisible(gpus, Nd4j.getAffinityManager().getNumberOfDevices());
        Nd4j.getAffinityManager().unsafeSetDevice(gpus.get(0));
        return "GPU " + gpus.get(0) + (gpus.size() > 1 ? " (data-parallel over " + gpus + ")" : "");
    }

    /**
     * Fails unless every assigned ordinal is one of the {@code available} devices this process sees
     * (CUDA numbers them from 0 whatever CUDA_VISIBLE_DEVICES holds).
     */
    public static void requireVisible(List<Integer> gpus, int available) {
        for (int g : gpus) {
            if (g < 0 || g >= available) {
                throw new IllegalStateException("Spark assigned GPU " + g + " but ND4J sees " + available
                        + " device(s), numbered from 0: the discovery script must print the ordinals this process "
                        + "sees (deploy/getGpusResources.sh does), not CUDA_VISIBLE_DEVICES' raw values");
            }
        }
    }

    /** Parses Spark resource addresses ("0", "1") into device ordinals; anything else is named. */
    public static List<Integer> ordinals(String[] addresses) {
        return java.util.Arrays.stream(addresses).map(String::trim).map(a -> {
            try {
                return Integer.parseInt(a);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("GPU address '" + a + "' from Spark is not a device ordinal: the "
                        + "discovery script must print ordinals 0, 1, ... (deploy/getGpusResources.sh does), not "
                        + "UUIDs", e);
            }
        }).toList();
    }
}
