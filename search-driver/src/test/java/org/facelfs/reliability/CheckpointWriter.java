package org.facelfs.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.fs.Path;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.facelfs.io.FileStore;
import org.facelfs.policy.PolicyState;
import org.facelfs.search.ReferenceSettings;
import org.facelfs.search.SearchSettings;
import org.facelfs.search.SearchState;

/**
 * Child-JVM main for {@link CheckpointWriteKilledTest}: rewrites a run's weights and its
 * {@code state.json} through {@link FileStore} in an endless loop, as the search does after
 * every round, so that the parent can SIGKILL it in the middle of a write. Version {@code v}'s
 * files are fully determined by {@code v}, so the parent can check that what it finds is whole.
 */
public final class CheckpointWriter {

    /** Bytes of fake weights per version (big enough that a kill often lands mid-write). */
    static final int WEIGHT_BYTES = 2 << 20;
    /** Numbers in the fake controller state (makes state.json about 1 MB). */
    static final int STATE_NUMBERS = 20_000;
    private static final SearchSettings SETTINGS = ReferenceSettings.builder().build();

    private CheckpointWriter() {
    }

    /** Args: the output directory, then any Hadoop settings as {@code key=value} (e.g. an S3 endpoint). */
    public static void main(String[] args) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            conf.set(kv[0], kv[1]);
        }
        FileStore store = new FileStore(conf);
        RunLayout layout = new RunLayout(store.path(args[0]));
        int v = store.exists(layout.state()) ? RunState.read(store, layout).completedRounds() : 0;
        System.out.println("started at version " + v);
        System.out.flush();
        while (true) {
            v++;
            store.writeAtomically(weights(layout), zipped(v));
            state(v, store.uri(weights(layout)).toString()).write(store, layout);
            System.out.println("wrote " + v);
            System.out.flush();
        }
    }

    static Path weights(RunLayout layout) {
        return new Path(layout.out(), "weights/model.zip");
    }

    /** The weights of version v: a zip (as DL4J model files are) holding v and its coefficients. */
    private static FileStore.StreamWriter zipped(int v) {
        return out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("version"));
                zip.write(Integer.toString(v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.putNextEntry(new ZipEntry("coefficients.bin"));
                byte[] chunk = new byte[64 << 10];
                Random r = new Random(v);
                for (int done = 0; done < WEIGHT_BYTES; done += chunk.length) {
                    r.nextBytes(chunk);
                    zip.write(chunk);
                }
                zip.closeEntry();
            }
        };
    }

    static byte[] expectedCoefficients(int v) {
        byte[] all = new byte[WEIGHT_BYTES];
        byte[] chunk = new byte[64 << 10];
        Random r = new Random(v);
        for (int done = 0; done < WEIGHT_BYTES; done += chunk.length) {
            r.nextBytes(chunk);
            System.arraycopy(chunk, 0, all, done, chunk.length);
        }
        return all;
    }

    /** The version a state.json written by {@link #state} holds, after checking that all of it is that version's. */
    static int wholeVersion(RunState state) {
        int v = state.completedRounds();
        org.junit.jupiter.api.Assertions.assertEquals(v, state.controller().nextRound());
        List<Double> numbers = state.controller().policy().mu();
        org.junit.jupiter.api.Assertions.assertEquals(STATE_NUMBERS, numbers.size());
        org.junit.jupiter.api.Assertions.assertEquals((double) v * (STATE_NUMBERS - 1) + 0.5,
                numbers.get(STATE_NUMBERS - 1), 0.0);
        return v;
    }

    /** state.json of version v: v rounds complete, a controller at round v whose μ holds numbers derived from v. */
    static RunState state(int v, String weightsUri) {
        List<Double> numbers = new ArrayList<>(STATE_NUMBERS);
        for (int i = 0; i < STATE_NUMBERS; i++) {
            numbers.add((double) v * i + 0.5);
        }
        SearchState controller = new SearchState(SearchState.FORMAT_VERSION, SETTINGS, SearchState.RngScheme.CURRENT, v,
                new PolicyState(numbers, List.of(), v, List.of(), List.of()), null, null, List.of());
        return new RunState(RunState.FORMAT_VERSION, "run", "config", "data", null, "test", v, weightsUri + "#" + v,
                controller, "start", "now");
    }
}
