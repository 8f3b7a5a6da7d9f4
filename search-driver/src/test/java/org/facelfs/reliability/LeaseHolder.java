package org.facelfs.reliability;

import java.time.Duration;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunLease;
import org.facelfs.io.FileStore;

/**
 * A separate JVM that takes a run directory's lease and keeps renewing it until it is killed:
 * {@code LeaseHolder DIR RUN-ID SECONDS}. Prints {@code HELD <pid>} once it holds the lease.
 */
public final class LeaseHolder {

    private LeaseHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        FileStore store = FileStore.withDefaults();
        RunLease lease = RunLease.acquire(store, new RunLayout(store.path(args[0])), args[1],
                Duration.ofMillis(Math.round(Double.parseDouble(args[2]) * 1000)));
        System.out.println("HELD " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        lease.close();
    }
}
