package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import org.facelfs.cluster.FaceFolders;
import org.facelfs.cluster.MiniHdfs;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory whose name needs URI escaping (space, %, #, [, ], +, a non-ASCII letter): search,
 * resume, report and eval all find the same directory, on a local disk and on HDFS. Before, the
 * run's files split between {@code my run/} and {@code my%20run/} and the run ended with "best/model.zip
 * does not exist".
 */
class EscapedPathsTest {

    /** "%20" and "%25" are literal: decoded once too often they would become " " and "%". */
    static final String RUN = "my run %20 %25 #1 [a+b]" + (canNameFiles('é') ? " é" : "");
    static final String HELD_OUT = "held out #2 %25";

    @TempDir
    Path tmp;

    @Test
    @Timeout(240)
    void onALocalDisk() throws Exception {
        runResumeReportEval(FileStore.withDefaults(), tmp.resolve("runs").toString());
    }

    @Test
    @Timeout(300)
    void onHdfs() throws Exception {
        try (MiniHdfs hdfs = MiniHdfs.start(tmp.resolve("dfs"))) {
            runResumeReportEval(new FileStore(hdfs.conf()), hdfs.uri() + "/runs");
        }
    }

    private static void runResumeReportEval(FileStore store, String base) throws Exception {
        String run = base + "/" + RUN;
        String heldOut = base + "/" + HELD_OUT;
        FaceFolders.write(store, heldOut, 10, 3, 12);
        store.writeAtomically(store.path(heldOut + "/pairs.csv"), FaceFolders.pairsCsv(2));

        CliRun.Outcome first = CliRun.search(run);
        assertEquals(0, first.exit(), first.err());
        assertOneRunDirectory(store, base);
        for (String f : List.of("state.json", "config.conf", "init/model.zip", "rounds/0000/candidate-0/model.zip",
                "best/model.zip", "best/loss.json", "report.html")) {
            assertTrue(store.exists(store.path(run + "/" + f)), f + " missing under " + run);
        }
        assertTrue(first.out().contains("results in " + store.qualified(store.path(run))), first.out());

        CliRun.Outcome resumed = CliRun.search(run, "search.rounds=2");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("after round 1 of 2"), resumed.out());
        assertTrue(store.exists(store.path(run + "/rounds/0001/candidate-1/model.zip")));

        store.deleteRecursively(store.path(run + "/report.html"));
        CliRun.Outcome report = CliRun.run("report", run);
        assertEquals(0, report.exit(), report.err());
        assertTrue(store.exists(store.path(run + "/report.html")), report.out());

        CliRun.Outcome eval = CliRun.run("eval", "--model", run + "/best/model.zip", "--pairs", heldOut + "/pairs.csv",
                "--images", heldOut, "--threads", "1");
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.out().contains("%"), "an accuracy line: " + eval.out());
        assertOneRunDirectory(store, base);
    }

    /** No twin directory with escapes in its name: everything went to the one the user named. */
    private static void assertOneRunDirectory(FileStore store, String base) {
        assertEquals(List.of(HELD_OUT, RUN), store.list(store.path(base)).stream().map(p -> p.getName()).sorted()
                .toList());
    }

    private static boolean canNameFiles(char c) {
        return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder().canEncode(c);
    }
}
