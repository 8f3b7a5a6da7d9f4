package org.facelfs.cli;

import java.io.StringWriter;
import java.util.List;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;
import org.facelfs.data.source.VerificationSource;
import org.facelfs.eval.Embedder;
import org.facelfs.eval.VerificationReport;
import org.facelfs.io.FileStore;
import org.facelfs.train.FinalEvaluation;
import org.facelfs.train.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facelfs eval}: re-checks a saved model on any pairs file. */
@Command(name = "eval", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Evaluate a saved model (e.g. a run's best/model.zip) on a verification pairs file:",
                "k-fold accuracy (threshold chosen on the other folds), AUC and TAR@FAR."})
final class EvalCommand extends Verb {

    enum Format { LFW, CSV, BIN }

    @Option(names = "--model", required = true, paramLabel = "ZIP", description = "DL4J model zip written by facelfs.")
    String model;

    @Option(names = "--pairs", required = true, paramLabel = "FILE",
            description = "Pairs: LFW pairs.txt (View 1 or 2), a CSV path1,path2,same[,fold], or an insightface .bin.")
    String pairs;

    @Option(names = "--images", paramLabel = "ROOT", defaultValue = "",
            description = "Image root the pairs refer to (LFW: the folder of identity folders; not for .bin).")
    String images;

    @Option(names = "--format", paramLabel = "FORMAT", description = "lfw, csv or bin (default: from the file name).")
    Format format;

    @Option(names = "--crop", split = ",", paramLabel = "X,Y,W,H",
            description = "Crop box of the source images before resizing (LFW deep-funneled: 50,50,150,150).")
    List<Integer> crop;

    @Option(names = "--folds", split = ",", paramLabel = "F,...",
            description = "LFW View 2 only: evaluate only these folds (1-based), k-fold within them "
                    + "(lfw-small's test set: 1,2,3,4,5).")
    List<Integer> folds;

    @Option(names = "--pairs-out", paramLabel = "CSV",
            description = "Also write one line per pair (score, the fold's threshold, decision, correct) for paired "
                    + "tests between models (McNemar).")
    String pairsOut;

    @Option(names = "--batch-size", defaultValue = "128", description = "Images per forward pass.")
    int batchSize;

    @Option(names = "--no-flip-fusion", description = "Embed the image alone, not image + mirror.")
    boolean noFlipFusion;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = all).")
    int threads;

    @Option(names = "--max-image-pixels", paramLabel = "N",
            description = "Refuse images (and a model input) of more pixels than this, from the header, "
                    + "before decoding (a run's data.max-image-pixels; default 4096 x 4096 = 16777216).")
    Long maxImagePixels;

    @Option(names = "--json", description = "Print the full report as JSON.")
    boolean json;

    @Override
    int run() throws Exception {
        FileStore store = FileStore.withDefaults();
        ImageShape shape = inputShape(store);
        Preprocess pre = Preprocess.resize(shape).withMaxSourcePixels(maxPixels());
        if (crop != null) {
            if (crop.size() != 4) {
                throw new IllegalArgumentException("--crop takes X,Y,W,H, got " + crop);
            }
            pre = pre.withCrop(crop.get(0), crop.get(1), crop.get(2), crop.get(3));
        }
        Format f = format != null ? format : pairs.endsWith(".bin") ? Format.BIN
                : pairs.endsWith(".csv") ? Format.CSV : Format.LFW;
        String name = pairs.replaceAll(".*/", "");
        VerificationSource source = switch (f) {
            case LFW -> new VerificationSource.Lfw(name, pairs, images, pre, folds == null ? List.of() : folds, threads);
            case CSV -> new VerificationSource.Csv(name, pairs, images.isEmpty() ? null : images, pre, threads);
            case BIN -> new VerificationSource.Bin(name, pairs, pre, threads);
        };
        if (folds != null && f != Format.LFW) {
            throw new IllegalArgumentException("--folds applies to LFW pairs files only, not " + f);
        }
        Embedder.Evaluation e = FinalEvaluation.evaluateWithDecisions(store, store.uri(store.path(model)).toString(),
                List.of(source), batchSize, !noFlipFusion, threads).get(0);
        VerificationReport r = e.report();
        if (pairsOut != null) {
            StringWriter csv = new StringWriter();
            e.decisions().writeCsv(csv);
            store.writeAtomically(store.path(pairsOut), csv.toString());
        }
        System.out.println(json ? new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(r) : r.summary());
        return 0;
    }

    /** The model's input shape, saved inside its zip (images are resized to it), within the pixel limit. */
    private ImageShape inputShape(FileStore store) {
        String uri = store.uri(store.path(model)).toString();
        return new ModelFiles(store).info(uri).input().requireAtMost(maxPixels(), uri + " declares an input of");
    }

    private long maxPixels() {
        return maxImagePixels != null ? maxImagePixels : Preprocess.DEFAULT_MAX_SOURCE_PIXELS;
    }
}
