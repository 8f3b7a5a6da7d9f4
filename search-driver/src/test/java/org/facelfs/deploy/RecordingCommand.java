package org.facelfs.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fake command (e.g. {@code spark-submit}) in a folder to put first on PATH: it records its
 * arguments, one per line, and prints {@code output}; then runs scripts with that PATH.
 */
final class RecordingCommand {

    private final Path bin;
    private final Path record;

    RecordingCommand(Path dir, String name, String output) throws IOException {
        this.bin = Files.createDirectories(dir.resolve("bin"));
        this.record = dir.resolve(name + ".args");
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '" + record + "'\n"
                + (output.isEmpty() ? "" : "printf '%s\\n' '" + output + "'\n"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The recorded arguments of the last call. */
    List<String> arguments() throws IOException {
        return Files.readAllLines(record);
    }

    /** Runs {@code bash script args} with this fake first on PATH; returns exit code and output. */
    Result run(Path script, Map<String, String> env, String... args) throws Exception {
        return run(script, env, null, args);
    }

    /** As {@link #run}, with {@code variable} removed from the environment. */
    Result runWithout(String variable, Path script, String... args) throws Exception {
        return run(script, Map.of(), variable, args);
    }

    private Result run(Path script, Map<String, String> env, String without, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (without != null) {
            pb.environment().remove(without);
        }
        pb.environment().putAll(env);
        pb.environment().put("PATH", bin + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {
    }
}
