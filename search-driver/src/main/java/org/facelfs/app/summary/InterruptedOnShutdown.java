package org.facelfs.app.summary;

import org.apache.hadoop.util.ShutdownHookManager;

/**
 * While a search runs, a JVM shutdown (SIGTERM from a scheduler or a cluster manager, SIGINT)
 * records summary.json as interrupted — before Spark stops its context and Hadoop closes its file
 * systems, which run as Hadoop shutdown hooks of lower priority.
 */
public final class InterruptedOnShutdown implements AutoCloseable {

    /** Above Spark's hooks (FileSystem's 10 + 30) and FileSystem's own (10): runs first. */
    static final int PRIORITY = 100;

    private final Runnable hook;

    public InterruptedOnShutdown(SummaryFile summary, String stateFile) {
        hook = () -> summary.stopped(RunStatus.INTERRUPTED, "interrupted: the driver JVM was asked to shut down "
                + "(SIGTERM or SIGINT); " + stateFile + " keeps the completed rounds and the same command resumes");
        ShutdownHookManager.get().addShutdownHook(hook, PRIORITY);
    }

    @Override
    public void close() {
        if (!ShutdownHookManager.get().isShutdownInProgress()) {
            ShutdownHookManager.get().removeShutdownHook(hook);
        }
    }
}
