package org.facelfs.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Spark executor JVM seen from outside: its process, executor id and application id (read from
 * its command line in /proc), its environment and its resident memory.
 */
public record Executor(ProcessHandle process, String executorId, String appId, List<String> commandLine) {

    static final String BACKEND = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    /** The executor a process is, or empty if it is no executor (or has exited). */
    static Optional<Executor> of(ProcessHandle p) {
        List<String> cmd = procStrings(p.pid(), "cmdline");
        int main = cmd.indexOf(BACKEND);
        if (main < 0) {
            return Optional.empty();
        }
        return Optional.of(new Executor(p, argument(cmd, "--executor-id"), argument(cmd, "--app-id"), cmd));
    }

    private static String argument(List<String> cmd, String name) {
        int i = cmd.indexOf(name);
        return i >= 0 && i + 1 < cmd.size() ? cmd.get(i + 1) : "";
    }

    /** The executor's environment variable, or empty. */
    public Optional<String> env(String name) {
        return procStrings(process.pid(), "environ").stream().filter(e -> e.startsWith(name + "="))
                .map(e -> e.substring(name.length() + 1)).findFirst();
    }

    /** Resident set size in bytes (VmRSS of /proc/pid/status), or -1 once the process is gone. */
    public long rssBytes() {
        return ProcessMemory.rssBytes(process.pid());
    }

    private static List<String> procStrings(long pid, String file) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), file));
            return Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
