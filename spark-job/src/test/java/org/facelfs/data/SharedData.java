package org.facelfs.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Finds the read-only real face data ({@code shared/data}) by walking up from the working directory. */
public final class SharedData {

    private SharedData() {
    }

    /** {@code shared/data/<sub>}, or the test is skipped when it is absent. */
    public static Path require(String sub) {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve(sub);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("shared/data/" + sub + " not found above " + Path.of("").toAbsolutePath());
        return null;
    }
}
