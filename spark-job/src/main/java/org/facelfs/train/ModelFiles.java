package org.facelfs.train;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facelfs.data.ImageShape;
import org.facelfs.io.FileStore;
import org.facelfs.model.FasterActivations;
import org.facelfs.model.NativeKernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads and writes DL4J model zips (configuration, parameters, updater state) on any file system.
 * Each zip also carries {@value #INFO_ENTRY}: the input image shape the network expects (DL4J's
 * configuration does not keep it) — DL4J ignores the extra entry when restoring. The entry is the zip's
 * first, so {@link #info} reads a few hundred bytes, not the whole model (older zips have it last and
 * still read).
 */
public final class ModelFiles {

    /** The extra zip entry holding {@link ModelInfo}. */
    public static final String INFO_ENTRY = "facelfs-model.json";
    /** DL4J's entries (ModelSerializer's names). */
    static final String CONFIGURATION_ENTRY = "configuration.json";
    static final String PARAMETERS_ENTRY = "coefficients.bin";
    static final String UPDATER_ENTRY = "updaterState.bin";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a saved model needs besides DL4J's own files. */
    public record ModelInfo(ImageShape input) {
    }

    private final FileStore store;

    public ModelFiles(FileStore store) {
        this.store = store;
    }

    /**
     * The graph in {@code uri}, ready to train or embed with: oneDNN where loaded ({@link NativeKernels}), the
     * faster ReLUs ({@link FasterActivations}) and an {@link OwnGradientUpdater} holding the file's updater
     * state.
     */
    public ComputationGraph read(String uri) {
        try {
            ComputationGraph net;
            try (InputStream in = store.open(store.fromUri(uri))) {
                net = readZip(in);
            }
            if (net == null) { // not the layout this class and DL4J write: DL4J's own reader says what is wrong
                try (InputStream in = store.open(store.fromUri(uri))) {
                    net = ModelSerializer.restoreComputationGraph(in, true);
                }
            }
            FasterActivations.replaceDl4js(net.getConfiguration()); // its layers read the activation per call
            NativeKernels.useOnednnIfLoaded(net); // every graph a task trains or embeds with
            return OwnGradientUpdater.install(net); // a no-op for readZip's graphs, which have it already
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the model " + uri + ": " + e.getMessage()
                    + " (is it a facelfs/DL4J model zip?)", e);
        }
    }

    /**
     * DL4J's {@code ModelSerializer.restoreComputationGraph} with the arrays read in blocks ({@link ArrayBinary});
     * null when the zip lacks the configuration or the parameters.
     */
    static ComputationGraph readZip(InputStream in) throws IOException {
        String json = null;
        INDArray params = null;
        INDArray updaterState = null;
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            switch (e.getName()) {
                case CONFIGURATION_ENTRY -> json = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                case PARAMETERS_ENTRY -> params = ArrayBinary.read(zip);
                case UPDATER_ENTRY -> updaterState = ArrayBinary.read(zip);
                default -> { } // the info entry, and whatever else a zip carries
            }
        }
        if (json == null || params == null) {
            return null;
        }
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
        conf.setDataType(params.dataType());
        ComputationGraph net = new ComputationGraph(conf);
        net.init(params, false);
        if (updaterState != null) { // straight onto the updater that trains it: DL4J's default one would be replaced
            OwnGradientUpdater updater = new OwnGradientUpdater(net);
            updater.setStateViewArray(updaterState);
            net.setUpdater(updater);
        }
        return net;
    }

    /** The model's {@link ModelInfo}; fails naming the file when it has none. */
    public ModelInfo info(String uri) {
        try (ZipInputStream zip = new ZipInputStream(store.open(store.fromUri(uri)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(INFO_ENTRY)) {
                    return JSON.readValue(zip.readAllBytes(), ModelInfo.class);
                }
            }
        } catch (ValueInstantiationException e) { // e.g. an input shape too large for any array
            throw new IllegalStateException(uri + ": its " + INFO_ENTRY + " is not valid: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the model " + uri + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException(uri + " has no " + INFO_ENTRY + ": it was not written by facelfs");
    }

    /**
     * Writes atomically: a reader sees the old file or the whole new one. The arrays go out block by block
     * ({@link ArrayBinary}), so writing costs 256 KiB of heap whatever the model's size.
     */
    public void write(ComputationGraph net, ModelInfo info, String uri) {
        store.writeAtomically(store.fromUri(uri), out -> writeTo(net, info, out));
    }

    /**
     * The model zip onto {@code out} (closed at the end): the info entry first, then DL4J's entries with the bytes
     * {@code ModelSerializer.writeModel(net, out, true)} gives them.
     */
    static void writeTo(ComputationGraph net, ModelInfo info, OutputStream out) throws IOException {
        INDArray params = net.params();
        if (params == null) {
            throw new IllegalArgumentException("a network without parameters is not a model to write");
        }
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_SPEED); // float weights barely compress: do not spend the CPU trying
            entry(zip, INFO_ENTRY, JSON.writeValueAsBytes(info));
            entry(zip, CONFIGURATION_ENTRY, net.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
            // not closed: closing would close the zip; flushed at the end of each entry
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
            zip.putNextEntry(new ZipEntry(PARAMETERS_ENTRY));
            ArrayBinary.write(params, data);
            data.flush();
            zip.closeEntry();
            INDArray updaterState = net.getUpdater().getStateViewArray();
            if (updaterState != null && updaterState.length() > 0) {
                zip.putNextEntry(new ZipEntry(UPDATER_ENTRY));
                ArrayBinary.write(updaterState, data);
                data.flush();
                zip.closeEntry();
            }
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
