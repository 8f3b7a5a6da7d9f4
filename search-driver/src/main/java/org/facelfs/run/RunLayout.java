package org.facelfs.run;

import org.apache.hadoop.fs.Path;

/**
 * Where every file of a run lives under its output directory (DESIGN.md §2.3). The directory is
 * also the checkpoint: {@code state.json} points at the last completed round's best weights.
 */
public record RunLayout(Path out) {

    public Path state() {
        return new Path(out, "state.json");
    }

    /** The effective configuration the run was started with. */
    public Path config() {
        return new Path(out, "config.conf");
    }

    /** The starting weights of round 0 (built by the driver from the seed). */
    public Path initialModel() {
        return new Path(out, "init/model.zip");
    }

    /** Skipped inputs and other data problems found when the run started. */
    public Path problems() {
        return new Path(out, "problems.txt");
    }

    public Path labelMap() {
        return new Path(out, "labels.txt");
    }

    public Path round(int round) {
        return new Path(out, "rounds/" + String.format("%04d", round));
    }

    public Path candidate(int round, int index) {
        return new Path(round(round), "candidate-" + index);
    }

    public Path candidateModel(int round, int index) {
        return new Path(candidate(round, index), "model.zip");
    }

    public Path candidateResult(int round, int index) {
        return new Path(candidate(round, index), "result.json");
    }

    public Path historyCsv() {
        return new Path(out, "history.csv");
    }

    public Path historyJsonl() {
        return new Path(out, "history.jsonl");
    }

    public Path best() {
        return new Path(out, "best");
    }

    public Path bestModel() {
        return new Path(best(), "model.zip");
    }

    public Path bestLoss() {
        return new Path(best(), "loss.json");
    }

    public Path bestLossFormula() {
        return new Path(best(), "loss.txt");
    }

    public Path finalEvaluation() {
        return new Path(best(), "evaluation.json");
    }

    public Path report() {
        return new Path(out, "report.html");
    }

    public Path chart(String name) {
        return new Path(out, "charts/" + name);
    }

    /** The run's lease: who runs in this directory now ({@link RunLease}). */
    public Path lease() {
        return new Path(out, "lease.json");
    }

    /**
     * {@code p} relative to the run directory ("rounds/0002/candidate-1/model.zip"), as state.json
     * stores it so that a copied or moved directory points at its own files.
     */
    public String relative(Path p) {
        String base = out.toUri().getPath().replaceAll("/+$", "") + "/";
        String path = p.toUri().getPath();
        if (!path.startsWith(base)) {
            throw new IllegalArgumentException(p + " is not inside the run directory " + out);
        }
        return path.substring(base.length());
    }

    /** The file at {@code relative} (as {@link #relative} gives it) under this run directory. */
    public Path resolve(String relative) {
        return new Path(out, relative);
    }
}
