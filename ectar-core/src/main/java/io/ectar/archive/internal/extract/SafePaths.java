package io.ectar.archive.internal.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a path taken from an archive into names that stay inside the output directory, or says why it
 * cannot: absolute paths and {@code ..} are refused outright, never rewritten.
 */
public final class SafePaths {

    /** A path's names, or why the path is refused (then {@code names} is empty). */
    public record Checked(List<String> names, String refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /** Linux's limits (PATH_MAX, NAME_MAX): longer ones fail to be created, so they are refused first. */
    private static final int PATH_MAX = 4096;
    private static final int NAME_MAX = 255;

    private SafePaths() {
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    public static Checked check(String archived) {
        if (archived == null || archived.isEmpty()) {
            return new Checked(List.of(), "empty path");
        }
        if (archived.startsWith("/")) {
            return new Checked(List.of(), "absolute path");
        }
        if (archived.indexOf('\0') >= 0) {
            return new Checked(List.of(), "NUL character in the path");
        }
        // (3 bytes at most per char: only a long path needs counting)
        if (archived.length() * 3 > PATH_MAX && utf8Length(archived) > PATH_MAX) {
            return new Checked(List.of(), "path of " + utf8Length(archived) + " bytes, more than the " + PATH_MAX
                    + " a path may have");
        }
        List<String> names = new ArrayList<>();
        for (String name : archived.split("/")) {
            if (name.equals("..")) {
                return new Checked(List.of(), "path contains '..'");
            }
            if (name.length() * 3 > NAME_MAX && utf8Length(name) > NAME_MAX) {
                return new Checked(List.of(), "a name of " + utf8Length(name) + " bytes, more than the " + NAME_MAX
                        + " a name may have");
            }
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return new Checked(names, null);
    }

    /** Drops the first {@code n} names ({@code tar --strip-components}). */
    public static List<String> strip(List<String> names, int n) {
        return n >= names.size() ? List.of() : names.subList(n, names.size());
    }
}
