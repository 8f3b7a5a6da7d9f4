package org.facelfs.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process a cluster test starts, so that none outlives the test JVM: {@link #killAll()} runs
 * from the tests' teardown and from a shutdown hook, and kills each process with its descendants
 * (the executors and drivers a Spark Worker launched).
 */
public final class ChildProcesses {

    private static final List<ProcessHandle> STARTED = new ArrayList<>();
    private static boolean hookInstalled;

    private ChildProcesses() {
    }

    /** Remembers a process to kill at teardown (and installs the shutdown hook once). */
    public static synchronized void register(Process process) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "kill-cluster-processes"));
            hookInstalled = true;
        }
        STARTED.add(process.toHandle());
    }

    /** Kills one process and everything it started, children first; waits up to 10 s for each. */
    public static void kill(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // still alive after 10 s: nothing more a test can do; the OS reaps it with the JVM
            }
        }
    }

    /** Kills every registered process still alive (newest first) and forgets them. */
    public static synchronized void killAll() {
        for (int i = STARTED.size() - 1; i >= 0; i--) {
            if (STARTED.get(i).isAlive()) {
                kill(STARTED.get(i));
            }
        }
        STARTED.clear();
    }
}
