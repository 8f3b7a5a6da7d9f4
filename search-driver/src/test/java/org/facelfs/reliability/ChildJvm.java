package org.facelfs.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A separate JVM on the test classpath, so a test can kill it for real ({@code SIGKILL}: no
 * shutdown hooks, no finally blocks, no flush) and look at what it left behind. Output goes to a
 * log file; {@link #close()} kills the child if it still runs, so a failing test leaves no process.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with the test JVM's Java 17 {@code --add-opens} flags plus
     * {@code jvmArgs}; stdout and stderr go to {@code log}, the working directory is the log's folder.
     */
    static ChildJvm start(Path log, List<String> jvmArgs, String mainClass, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || a.startsWith("-Djdk.reflect")) {
                cmd.add(a);
            }
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(testClasspath());
        cmd.add(mainClass);
        cmd.addAll(args);
        // the log's folder is the working directory: whatever the child drops there (DL4J's memory
        // crash dumps) goes away with the test's temporary folder
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(log.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OMP_NUM_THREADS", "1");
        return new ChildJvm(pb.start(), log);
    }

    /** The real test classpath (surefire runs tests from a manifest-only jar). */
    static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (what {@code kill -9} sends; {@link Process#destroyForcibly} on Unix), then waits for the end. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + pid() + " survived SIGKILL");
        }
    }

    /** Waits for the child to exit by itself; kills it and fails after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill9();
            throw new AssertionError("child did not finish within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Polls {@code condition} every 10 ms until it holds; fails if the child exits first or time runs out. */
    void awaitWhileAlive(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("child exited (" + process.exitValue() + ") before " + what + "; output:\n"
                        + output());
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " within " + timeout + "; output:\n" + output());
            }
            Thread.sleep(10);
        }
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
