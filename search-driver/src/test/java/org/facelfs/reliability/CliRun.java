package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facelfs.cli.FacelfsCommand;

/** {@code facelfs search --config tiny.conf} through the real command line in this JVM, output captured. */
final class CliRun {

    static final String TINY = Path.of("src/test/resources/tiny.conf").toAbsolutePath().toString();

    private CliRun() {
    }

    /** Exit code, stderr and stdout of one run. */
    record Outcome(int exit, String err, String out) {
        /** The one error line. */
        String errorLine() {
            List<String> lines = err.lines().filter(l -> l.startsWith("facelfs: error: ")).toList();
            assertEquals(1, lines.size(), "exactly one error line in:\n" + err);
            return lines.get(0);
        }
    }

    /** One round unless the overrides say otherwise ({@code key=value}, as after {@code -D}). */
    static Outcome search(Path out, String... overrides) {
        return search(out.toString(), overrides);
    }

    /** {@link #search(Path, String...)} into any location: a local path or a Hadoop URI. */
    static Outcome search(String out, String... overrides) {
        List<String> args = new ArrayList<>(List.of("search", "--config", TINY, "--out", out,
                "-Dsearch.rounds=1"));
        for (String o : overrides) {
            args.add("-D" + o);
        }
        return run(args.toArray(String[]::new));
    }

    /** Any {@code facelfs} command line, in this JVM, stdout and stderr captured. */
    static Outcome run(String... args) {
        PrintStream err = System.err;
        PrintStream stdout = System.out;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            int exit = FacelfsCommand.newCommandLine().execute(args);
            return new Outcome(exit, e.toString(StandardCharsets.UTF_8), o.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
            System.setOut(stdout);
        }
    }

    /** Exit 2, one error line holding every expected fragment, no stack trace, no bare class name. */
    static String assertCleanError(Outcome r, String... fragments) {
        assertEquals(2, r.exit(), r.err());
        String line = r.errorLine();
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' missing from: " + line);
        }
        assertFalse(r.err().contains("\tat "), "stack trace without --verbose:\n" + r.err());
        assertFalse(line.contains("org.facelfs.") || line.contains("java."), "a class name instead of a message: " + line);
        assertTrue(r.err().contains("--verbose"), r.err());
        System.out.println(line);
        return line;
    }
}
