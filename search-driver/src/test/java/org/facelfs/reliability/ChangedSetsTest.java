package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facelfs.cluster.FaceFolders;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reward and evaluation sets are part of what a resume checks: a reward CSV cut from 40 to 20
 * pairs (the case), or a changed evaluation set, is refused naming the set; with the files
 * restored the run resumes. Before, the resume went on and mixed rewards from two sets.
 */
class ChangedSetsTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void aChangedRewardOrEvaluationSetIsRefusedOnResumeNamingTheSet() throws Exception {
        Path heldOut = tmp.resolve("held-out");
        FaceFolders.write(FileStore.withDefaults(), heldOut.toString(), 10, 3, 12);
        Path reward = Files.writeString(heldOut.resolve("reward.csv"), FaceFolders.pairsCsv(2));
        Path eval = Files.writeString(heldOut.resolve("eval.csv"), FaceFolders.pairsCsv(1));
        List<String> rewardLines = Files.readAllLines(reward);
        assertEquals(41, rewardLines.size(), "a header and 40 pairs");
        String[] sets = {"data.decode-threads=1",
                "data.reward={format=csv,name=held-out,file=\"" + reward + "\",images=\"" + heldOut + "\"}",
                "data.eval=[{format=csv,name=final-check,file=\"" + eval + "\",images=\"" + heldOut + "\"}]"};
        Path out = tmp.resolve("run");
        CliRun.Outcome first = CliRun.search(out, sets);
        assertEquals(0, first.exit(), first.err());
        String history = Files.readString(out.resolve("history.jsonl"));

        Files.write(reward, rewardLines.subList(0, 21));
        CliRun.assertCleanError(CliRun.search(out, with(sets, "search.rounds=2")),
                "reward set 'held-out' (data.reward)", "pairs or images changed");
        Files.write(reward, rewardLines);

        String evalText = Files.readString(eval);
        Files.writeString(eval, evalText.replace("id-00/0.png,id-00/1.png,1", "id-00/0.png,id-00/2.png,1"));
        CliRun.assertCleanError(CliRun.search(out, with(sets, "search.rounds=2")),
                "evaluation set 'final-check' (data.eval)", "pairs or images changed");
        assertEquals(history, Files.readString(out.resolve("history.jsonl")), "the refused resumes changed nothing");
        Files.writeString(eval, evalText);

        CliRun.Outcome restored = CliRun.search(out, with(sets, "search.rounds=2"));
        assertEquals(0, restored.exit(), restored.err());
        assertTrue(restored.out().contains("after round 1 of 2"), restored.out());
    }

    private static String[] with(String[] overrides, String more) {
        String[] all = java.util.Arrays.copyOf(overrides, overrides.length + 1);
        all[overrides.length] = more;
        return all;
    }
}
