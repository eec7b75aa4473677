package io.shadowcat.storage.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each table header and key of a TOML text is written: the line numbers that Jackson's TOML tree
 * does not keep, so that a configuration error can name {@code file:line}. It only locates what the real
 * parser read: a line it cannot make out is skipped, and a key it did not see is located at its nearest
 * enclosing table or key (a key of an inline table at the line of the table's key).
 */
final class TomlKeyLines {

    /** A table header ({@code [a.b]}) or a key ({@code c = 1}, full path {@code a.b.c}) and its line (from 1). */
    record Entry(List<String> path, int line, boolean table) {

        String dotted() {
            return String.join(".", path);
        }
    }

    private final List<Entry> entries;

    private TomlKeyLines(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static TomlKeyLines of(String text) {
        Scanner s = new Scanner();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            s.line(lines[i], i + 1);
        }
        return new TomlKeyLines(s.entries);
    }

    /** The line of {@code path}, else of its nearest enclosing entry, else 0. */
    int line(List<String> path) {
        for (int n = path.size(); n > 0; n--) {
            List<String> prefix = path.subList(0, n);
            Optional<Entry> e = entries.stream().filter(x -> x.path.equals(prefix)).findFirst();
            if (e.isPresent()) {
                return e.get().line;
            }
        }
        return 0;
    }

    /** The first header or key at or under {@code prefix}: for {@code [recordr]}, the header {@code [recordr.storage]}. */
    Optional<Entry> first(List<String> prefix) {
        return entries.stream().filter(e -> e.path.size() >= prefix.size()
                && e.path.subList(0, prefix.size()).equals(prefix)).findFirst();
    }

    /** The first key written twice in the same table: its first and its second entry. */
    Optional<List<Entry>> duplicateKey() {
        Map<List<String>, Entry> seen = new HashMap<>();
        for (Entry e : entries) {
            if (e.table) {
                continue;
            }
            Entry before = seen.putIfAbsent(e.path, e);
            if (before != null) {
                return Optional.of(List.of(before, e));
            }
        }
        return Optional.empty();
    }

    /** A line-by-line reader that follows tables, and skips the insides of strings, arrays and inline tables. */
    private static final class Scanner {
        final List<Entry> entries = new ArrayList<>();
        private List<String> table = List.of();
        private final Map<List<String>, Integer> arrayTables = new HashMap<>();
        /** The closing quotes of a multi-line string the previous line left open, or null. */
        private String openString;
        /** How many arrays or inline tables the previous lines left open. */
        private int depth;

        void line(String text, int number) {
            if (openString != null || depth > 0) {
                value(text, 0);
                return;
            }
            String t = text.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                return;
            }
            if (t.startsWith("[[")) {
                int end = t.indexOf("]]");
                if (end > 2) {
                    List<String> path = key(t.substring(2, end));
                    // each [[x]] element is its own table: keys may repeat across elements
                    int n = arrayTables.merge(path, 1, Integer::sum);
                    List<String> element = new ArrayList<>(path);
                    element.add("[" + n + "]");
                    table = List.copyOf(element);
                    entries.add(new Entry(path, number, true));
                }
                return;
            }
            if (t.startsWith("[")) {
                int end = closing(t, 1, ']');
                if (end > 1) {
                    table = key(t.substring(1, end));
                    entries.add(new Entry(table, number, true));
                }
                return;
            }
            int eq = closing(t, 0, '=');
            if (eq <= 0) {
                return;
            }
            List<String> path = new ArrayList<>(table);
            path.addAll(key(t.substring(0, eq)));
            entries.add(new Entry(List.copyOf(path), number, false));
            value(t, eq + 1);
        }

        /** Follows strings and brackets from {@code from} to the end of the line. */
        private void value(String t, int from) {
            int i = from;
            if (openString != null) {
                int end = t.indexOf(openString, i);
                if (end < 0) {
                    return;
                }
                i = end + 3;
                openString = null;
            }
            while (i < t.length()) {
                char c = t.charAt(i);
                if (t.startsWith("\"\"\"", i) || t.startsWith("'''", i)) {
                    String quotes = t.substring(i, i + 3);
                    int end = t.indexOf(quotes, i + 3);
                    if (end < 0) {
                        openString = quotes;
                        return;
                    }
                    i = end + 3;
                } else if (c == '"' || c == '\'') {
                    i = endOfString(t, i) + 1;
                } else if (c == '#') {
                    return;
                } else {
                    if (c == '[' || c == '{') {
                        depth++;
                    } else if ((c == ']' || c == '}') && depth > 0) {
                        depth--;
                    }
                    i++;
                }
            }
        }

        /** The index of {@code wanted} outside quotes from {@code from}, or -1. */
        private static int closing(String t, int from, char wanted) {
            for (int i = from; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c == wanted) {
                    return i;
                }
                if (c == '"' || c == '\'') {
                    i = endOfString(t, i);
                }
            }
            return -1;
        }

        /** The index of the quote closing the one-line string opened at {@code start} (the end of the line if none). */
        private static int endOfString(String t, int start) {
            char q = t.charAt(start);
            for (int i = start + 1; i < t.length(); i++) {
                char c = t.charAt(i);
                if (q == '"' && c == '\\') {
                    i++;
                } else if (c == q) {
                    return i;
                }
            }
            return t.length();
        }

        /** A dotted key, {@code a."b.c".d}, as its parts without quotes. */
        private static List<String> key(String text) {
            List<String> parts = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\'') {
                    int end = endOfString(text, i);
                    part.append(text, i + 1, Math.min(end, text.length()));
                    i = end;
                } else if (c == '.') {
                    parts.add(part.toString().strip());
                    part.setLength(0);
                } else {
                    part.append(c);
                }
            }
            parts.add(part.toString().strip());
            return List.copyOf(parts);
        }
    }
}
