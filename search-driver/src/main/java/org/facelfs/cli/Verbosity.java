package org.facelfs.cli;

import java.util.concurrent.Callable;
import org.facelfs.config.ConfigError;
import org.facelfs.run.CorruptCheckpointException;
import org.facelfs.app.summary.RunStoppedException;
import org.facelfs.data.DataFormatException;
import picocli.CommandLine.Option;

/**
 * {@code --verbose}, and the rule for every verb: a user-facing error is one clear message and
 * exit code 2 (4 for a search interrupted from outside, see RunStatus); the stack trace only with
 * {@code --verbose}.
 */
final class Verbosity {

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    int guard(Callable<Integer> body) {
        try {
            return body.call();
        } catch (RunStoppedException e) {
            return fail(e, e.getMessage(), e.status().exitCode());
        } catch (ConfigError e) {
            return fail(e, e.getMessage() + " (see reference.conf for the key's meaning and default)");
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException
                 | DataFormatException | CorruptCheckpointException e) {
            return fail(e, e.getMessage());
        } catch (Exception e) {
            return fail(e, rootMessage(e));
        }
    }

    private int fail(Throwable e, String message) {
        return fail(e, message, 2);
    }

    private int fail(Throwable e, String message, int exitCode) {
        System.err.println("facelfs: error: " + message);
        if (verbose) {
            e.printStackTrace(System.err);
        } else {
            System.err.println("(run with --verbose for the stack trace)");
        }
        return exitCode;
    }

    /** The innermost cause's message, which is usually the one that names the file or setting. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e) : e.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
