package org.facelfs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facelfs.data.ImageShape;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.LeakyReluActivation;
import org.facelfs.train.LrSchedule;
import org.facelfs.train.Optimizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.factory.Nd4j;

/** Model zips: DL4J's entries (DL4J's bytes) after facelfs' info entry, read back exactly. */
class ModelFilesTest {

    @TempDir
    static Path dir;

    static final FileStore STORE = FileStore.withDefaults();
    static final ImageShape SHAPE = new ImageShape(1, 32, 32);
    static ComputationGraph net;

    @BeforeAll
    static void trainedNetwork() {
        Optimizer opt = new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0));
        net = InitialModel.build(BackboneSpec.smallCnn(SHAPE, 64), 20, new LossSpec.CosFace(16, 0.35), opt, 3);
        // one step, so that the updater state (Nesterov momentum) is not all zeros
        net.fit(new org.nd4j.linalg.dataset.DataSet(Nd4j.rand(4, 1, 32, 32),
                Nd4j.eye(20).getRows(0, 1, 2, 3)));
    }

    @Test
    void aWrittenModelReadsBackWithItsWeightsUpdaterStateAndInputShape() {
        String uri = dir.resolve("m.zip").toUri().toString();
        ModelFiles files = new ModelFiles(STORE);
        files.write(net, new ModelFiles.ModelInfo(SHAPE), uri);

        ComputationGraph back = files.read(uri);
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertTrue(net.getUpdater().getStateViewArray().sumNumber().doubleValue() != 0, "the updater state was never used");
        // the read graph's top-level cache mode is the native build's choice (NativeKernels.cacheModeFor), not the file's
        String mode = "\"cacheMode\" : \"" + back.getConfiguration().getCacheMode() + "\"";
        assertEquals(net.getConfiguration().toJson().replaceFirst("\"cacheMode\" : \"\\w+\"", mode),
                back.getConfiguration().toJson());
        assertEquals(SHAPE, files.info(uri).input());
    }

    @Test
    void aModelSavedWithDl4jsLeakyReluReadsBackWithTheFasterOne() {
        String json = net.getConfiguration().toJson();
        String dl4jsClass = ActivationLReLU.class.getName();
        ComputationGraph old = new ComputationGraph(ComputationGraphConfiguration.fromJson(
                json.replace(LeakyReluActivation.class.getName(), dl4jsClass))); // as written before the class
        old.init(net.params().dup(), true);
        assertTrue(old.getConfiguration().toJson().contains(dl4jsClass));
        String uri = dir.resolve("dl4j-leaky-relu.zip").toUri().toString();
        ModelFiles files = new ModelFiles(STORE);
        files.write(old, new ModelFiles.ModelInfo(SHAPE), uri);

        ComputationGraph back = files.read(uri);
        String backJson = back.getConfiguration().toJson();
        assertTrue(!backJson.contains(dl4jsClass), "no layer keeps DL4J's leaky ReLU");
        assertEquals(count(json, LeakyReluActivation.class.getName()), count(backJson,
                LeakyReluActivation.class.getName()));
        assertTrue(count(json, LeakyReluActivation.class.getName()) > 0);
        assertEquals(net.params(), back.params());
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theInfoEntryComesFirstAndDl4jsEntriesFollowOnce() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFiles.writeTo(net, new ModelFiles.ModelInfo(SHAPE), bytes);
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of(ModelFiles.INFO_ENTRY, "configuration.json", "coefficients.bin", "updaterState.bin"), names);
    }

    /** DL4J's three entries hold the bytes DL4J's own writer gives them, so DL4J (and older facelfs) read ours. */
    @Test
    void dl4jsEntriesHaveTheBytesDl4jWrites() throws IOException {
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        ModelFiles.writeTo(net, new ModelFiles.ModelInfo(SHAPE), ours);
        ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, dl4j, true);
        java.util.Map<String, byte[]> mine = entries(ours.toByteArray());
        java.util.Map<String, byte[]> theirs = entries(dl4j.toByteArray());
        assertEquals(theirs.keySet(), java.util.Set.of("configuration.json", "coefficients.bin", "updaterState.bin"));
        for (String name : theirs.keySet()) {
            assertTrue(java.util.Arrays.equals(theirs.get(name), mine.get(name)), name);
        }
        ComputationGraph byDl4j = ModelSerializer.restoreComputationGraph(new java.io.ByteArrayInputStream(ours.toByteArray()), true);
        assertEquals(net.getUpdater().getStateViewArray(), byDl4j.getUpdater().getStateViewArray());
    }

    private static java.util.Map<String, byte[]> entries(byte[] zipBytes) throws IOException {
        java.util.Map<String, byte[]> out = new java.util.HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(zipBytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.getName().equals(ModelFiles.INFO_ENTRY)) {
                    out.put(e.getName(), zip.readAllBytes());
                }
            }
        }
        return out;
    }

    @Test
    void smallModelsWrittenManyTimesAllArriveWhole() throws IOException {
        Optimizer opt = new Optimizer(0.9, 0, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0));
        ComputationGraph small = InitialModel.build(BackboneSpec.smallCnn(new ImageShape(1, 16, 16), 8), 3,
                new LossSpec.Softmax(16), opt, 1);
        for (int i = 0; i < 20; i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelFiles.writeTo(small, new ModelFiles.ModelInfo(new ImageShape(1, 16, 16)), bytes);
            assertEquals(small.params(), ModelSerializer.restoreComputationGraph(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()), false).params());
        }
    }

    @Test
    void aZipWithTheInfoEntryLastAsEarlierVersionsWroteItStillReads() throws IOException {
        ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, dl4j, true);
        Path old = dir.resolve("old.zip");
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(dl4j.toByteArray()));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(old))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(ModelFiles.INFO_ENTRY));
            out.write("{\"input\":{\"channels\":1,\"height\":32,\"width\":32}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        ModelFiles files = new ModelFiles(STORE);
        assertEquals(SHAPE, files.info(old.toUri().toString()).input());
        assertEquals(net.params(), files.read(old.toUri().toString()).params());
    }

    @Test
    void aSinkThatFailsMidwayFailsTheWriteInsteadOfHangingTheSerialiser() {
        OutputStream failsAfter64k = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 64 * 1024) {
                    throw new IOException("No space left on device");
                }
            }
        };
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(IOException.class,
                        () -> ModelFiles.writeTo(net, new ModelFiles.ModelInfo(SHAPE), failsAfter64k)));
        assertEquals("No space left on device", e.getMessage());
    }
}
