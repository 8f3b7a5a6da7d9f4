package org.facelfs.app.summary;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.hadoop.util.ShutdownHookManager;
import org.facelfs.run.RunLease;

/**
 * A search that throws is recorded in summary.json before its error goes on: interrupted when the Spark context
 * was shut down under it (the same command resumes), failed otherwise. A JVM that is shutting down (SIGTERM) has
 * had its stop recorded by {@link InterruptedOnShutdown} already, so nothing is written then.
 *
 * <p>Every {@link Exception} counts, not only unchecked ones: Spark's Scala API throws the checked
 * {@code SparkException} undeclared. A context stopped while a job is being submitted fails that job with
 * "Task serialization failed: IllegalStateException: Cannot call methods on a stopped SparkContext".
 */
public final class StopRecorder {

    private StopRecorder() {
    }

    /**
     * @param search         the search, run in the calling thread
     * @param contextStopped whether the Spark context was shut down, asked once the search has thrown
     * @param stateFile      the checkpoint the resumed run reads, named in the message
     * @param summary        where the stop is recorded
     */
    public static <T> T recording(Supplier<T> search, BooleanSupplier contextStopped, String stateFile,
                                  SummaryFile summary) {
        try {
            return search.get();
        } catch (RunLease.LeaseHeldException e) {
            throw e; // refused because another run holds the directory: its summary is that run's to write
        } catch (Exception e) {
            if (ShutdownHookManager.get().isShutdownInProgress()) {
                throw e; // a signal: InterruptedOnShutdown has recorded it, naming the signal
            }
            if (contextStopped.getAsBoolean()) {
                RunStoppedException stop = new RunStoppedException(RunStatus.INTERRUPTED, "interrupted: the Spark "
                        + "context was shut down (" + firstLine(e) + "); " + stateFile + " keeps the completed "
                        + "rounds and the same command resumes", e);
                summary.stopped(RunStatus.INTERRUPTED, stop.getMessage());
                throw stop;
            }
            summary.stopped(RunStatus.FAILED, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /** Spark's messages go on with the stack of where a context was created: the first line says what. */
    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
