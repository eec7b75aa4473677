package io.ectar.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a path taken from an archive into names that stay inside the output directory, or says why it
 * cannot: absolute paths and {@code ..} are refused outright, never rewritten.
 */
final class SafePaths {

    /** A path's names, or why the path is refused (then {@code names} is empty). */
    record Checked(List<String> names, String refusal) {
        boolean refused() {
            return refusal != null;
        }
    }

    private SafePaths() {
    }

    static Checked check(String archived) {
        if (archived == null || archived.isEmpty()) {
            return new Checked(List.of(), "empty path");
        }
        if (archived.startsWith("/")) {
            return new Checked(List.of(), "absolute path");
        }
        if (archived.indexOf('\0') >= 0) {
            return new Checked(List.of(), "NUL character in the path");
        }
        List<String> names = new ArrayList<>();
        for (String name : archived.split("/")) {
            if (name.equals("..")) {
                return new Checked(List.of(), "path contains '..'");
            }
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return new Checked(names, null);
    }

    /** Drops the first {@code n} names ({@code tar --strip-components}). */
    static List<String> strip(List<String> names, int n) {
        return n >= names.size() ? List.of() : names.subList(n, names.size());
    }
}
