package org.facelfs.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, recorded with every timed figure (the machine is shared). */
final class LoadAverage {

    private LoadAverage() {
    }

    /** {@code /proc/loadavg} as it reads ("1 min, 5 min, 15 min, running/total, last pid"), or "?". */
    static String text() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    /** The 1-minute load average; NaN where there is no {@code /proc/loadavg}. */
    static double oneMinute() {
        try {
            return Double.parseDouble(text().split(" ")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
