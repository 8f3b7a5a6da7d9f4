package org.facelfs.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The label map written with a run: one line {@code label<TAB>identity} per class, so a trained
 * model's class indices can be traced back to identity names. Read and written through
 * {@link HadoopFiles} (any Hadoop file system).
 */
public final class LabelMap {

    private LabelMap() {
    }

    /** Writes the label map of {@code dataset} to {@code location} (replacing it). */
    public static void write(FaceDataset dataset, String location) {
        StringBuilder sb = new StringBuilder();
        List<String> names = dataset.classNames();
        for (int i = 0; i < names.size(); i++) {
            sb.append(i).append('\t').append(names.get(i)).append('\n');
        }
        HadoopFiles.writeString(HadoopFiles.path(location), sb.toString());
    }

    /** Reads a label map; a bad line is an error naming file and line. */
    public static List<String> read(String location) {
        List<String> lines = HadoopFiles.readLines(HadoopFiles.path(location));
        List<String> names = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String[] parts = lines.get(n).split("\t", 2);
            if (parts.length != 2 || !parts[0].equals(Integer.toString(names.size()))) {
                throw new DataFormatException(location + " line " + (n + 1) + ": expected '" + names.size()
                        + "<TAB>name', got '" + lines.get(n) + "'");
            }
            names.add(parts[1]);
        }
        return names;
    }
}
