package org.facelfs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A verb of the command line ({@code search}, {@code check}, {@code eval}, {@code report}): its
 * work runs under {@link Verbosity#guard}, so every verb ends a user-facing error with one clear
 * line and its exit code, and none can forget to.
 */
abstract class Verb implements Callable<Integer> {

    @Mixin
    Verbosity verbosity;

    @Override
    public final Integer call() {
        return verbosity.guard(this::run);
    }

    /** The verb's work; returns the exit code. */
    abstract int run() throws Exception;
}
