package io.shadowcat.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.support.TapeSummaryJson;
import io.shadowcat.tape.TapeJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Prints results as aligned text tables or as JSON, to a command's stdout. */
final class Output {

    private Output() {
    }

    /** Prints {@code value} as indented JSON followed by a newline. */
    static void json(PrintWriter out, Object value) {
        try {
            out.println(TapeJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON generator writing to {@code out}; closing it flushes but leaves {@code out} open. */
    static JsonGenerator generator(PrintWriter out) {
        try {
            JsonGenerator g = TapeJson.mapper().createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON view of a tape summary, as {@code tape list --format json} prints it. */
    static ObjectNode summary(TapeSummary s) {
        return TapeSummaryJson.toJson(s);
    }

    /** Human-readable byte counts: 512 B, 1.5 KiB, 3.2 MiB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Human-readable durations: 850ms, 12.3s, 4m05s. */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        return s < 3600 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%dh%02dm", s / 3600, (s / 60) % 60);
    }

    /** An aligned text table; cells are made single-line. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final int columns;

        Table(String... headers) {
            columns = headers.length;
            rows.add(headers);
        }

        Table row(Object... cells) {
            String[] r = new String[columns];
            for (int i = 0; i < columns; i++) {
                Object c = i < cells.length ? cells[i] : "";
                r[i] = c == null ? "-" : c.toString().replaceAll("[\\r\\n\\t]", " ");
            }
            rows.add(r);
            return this;
        }

        boolean isEmpty() {
            return rows.size() == 1;
        }

        void print(PrintWriter out) {
            int[] width = new int[columns];
            for (String[] r : rows) {
                for (int i = 0; i < columns; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    line.append(r[i]);
                    if (i < columns - 1) {
                        line.append(" ".repeat(width[i] - r[i].length() + 2));
                    }
                }
                out.println(line.toString().stripTrailing());
            }
            out.flush();
        }
    }
}
