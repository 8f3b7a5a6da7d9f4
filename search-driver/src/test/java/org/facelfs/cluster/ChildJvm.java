package org.facelfs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a Java main class in its own JVM, the way {@code spark-class} would: the classpath, JVM
 * options and environment given, stdout and stderr both into one log file. Every JVM started
 * here is registered with {@link ChildProcesses} so a failing test cannot leave it running.
 */
public final class ChildJvm {

    private final String mainClass;
    private String classpath = "";
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path log;

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    public static ChildJvm of(String mainClass) {
        return new ChildJvm(mainClass);
    }

    public ChildJvm classpath(String cp) {
        this.classpath = cp;
        return this;
    }

    public ChildJvm jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    public ChildJvm args(List<String> arguments) {
        args.addAll(arguments);
        return this;
    }

    public ChildJvm env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    public ChildJvm log(Path file) {
        this.log = file;
        return this;
    }

    /** Starts the JVM; its output goes to the log file. */
    public Process start() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Process p = pb.start();
            ChildProcesses.register(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /**
     * Spark's Java 17 module flags, taken from this test JVM's own arguments (the build passes
     * them to every test JVM), so that child JVMs run with exactly the same set.
     */
    public static List<String> java17Flags() {
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect.useDirectMethodHandle"))
                .toList();
        if (flags.stream().noneMatch(f -> f.contains("sun.nio.ch"))) {
            throw new IllegalStateException("this JVM was started without Spark's Java 17 --add-opens flags "
                    + "(the build's surefire/failsafe argLine passes them): " + flags);
        }
        return flags;
    }

    /** The last {@code lines} lines of a log, for failure messages. */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file);
            return file + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
