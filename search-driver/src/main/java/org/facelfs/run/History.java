package org.facelfs.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.facelfs.io.FileStore;

/**
 * Every candidate of every completed round. Both files are rewritten whole (atomically) after
 * each round, so they always agree with {@code state.json}; on resume the rows of rounds that
 * {@code state.json} does not count as completed are dropped.
 */
public final class History {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final CsvMapper CSV = new CsvMapper();

    private final List<HistoryRow> rows = new ArrayList<>();

    public List<HistoryRow> rows() {
        return Collections.unmodifiableList(rows);
    }

    public void addAll(List<HistoryRow> newRows) {
        rows.addAll(newRows);
    }

    /** Reads {@code history.jsonl}, keeping the rows of rounds below {@code completedRounds}. */
    public static History load(FileStore store, RunLayout layout, int completedRounds) {
        History h = new History();
        if (!store.exists(layout.historyJsonl())) {
            return h;
        }
        String[] lines = store.readString(layout.historyJsonl()).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                HistoryRow row = JSON.readValue(lines[i], HistoryRow.class);
                if (row.round() < completedRounds) {
                    h.rows.add(row);
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(layout.historyJsonl() + " line " + (i + 1)
                        + " is not a history row (" + e.getOriginalMessage() + "); the run directory is damaged");
            }
        }
        return h;
    }

    /** Writes both files from all rows. */
    public void write(FileStore store, RunLayout layout) {
        store.writeAtomically(layout.historyJsonl(), toJsonLines());
        store.writeAtomically(layout.historyCsv(), toCsv());
    }

    String toJsonLines() {
        StringBuilder sb = new StringBuilder();
        try {
            for (HistoryRow r : rows) {
                sb.append(JSON.writeValueAsString(r)).append('\n');
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    String toCsv() {
        CsvSchema schema = CSV.schemaFor(HistoryRow.class).withHeader();
        try {
            return CSV.writer(schema).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
