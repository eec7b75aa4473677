package io.ectar.archive;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Which archived paths an operation takes, from {@code --files} and {@code --exclude} globs.
 *
 * <p>Globs are Java globs over {@code /}-separated paths: {@code *} and {@code ?} stay within one name,
 * {@code **} crosses directories, {@code {a,b}} and {@code [..]} work as usual. An include matches a path or
 * any directory above it ({@code --files data/docs} takes the whole directory). An exclude without a
 * {@code /} matches any single name in the path ({@code --exclude '*.tmp'}); one with a {@code /} matches the
 * path or any directory above it.
 */
public final class PathFilter {

    private final List<PathMatcher> includes = new ArrayList<>();
    private final List<PathMatcher> nameExcludes = new ArrayList<>();
    private final List<PathMatcher> pathExcludes = new ArrayList<>();

    public PathFilter(List<String> includeGlobs, List<String> excludeGlobs) {
        for (String g : includeGlobs) {
            includes.add(matcher(g));
        }
        for (String g : excludeGlobs) {
            (g.contains("/") ? pathExcludes : nameExcludes).add(matcher(g));
        }
    }

    /** Takes everything. */
    public static PathFilter all() {
        return new PathFilter(List.of(), List.of());
    }

    private static PathMatcher matcher(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + stripSlashes(glob));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad glob '" + glob + "': " + e.getMessage(), e);
        }
    }

    private static String stripSlashes(String glob) {
        String g = glob;
        while (g.length() > 1 && g.endsWith("/")) {
            g = g.substring(0, g.length() - 1);
        }
        return g;
    }

    /** Whether {@code archivedPath} (relative, {@code /}-separated) is taken. */
    public boolean accepts(String archivedPath) {
        if (archivedPath.isEmpty()) {
            return includes.isEmpty();
        }
        Path path;
        try {
            path = Path.of(archivedPath);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        if (!includes.isEmpty() && !matchesSelfOrAncestor(includes, path)) {
            return false;
        }
        for (Path name : path) {
            for (PathMatcher m : nameExcludes) {
                if (m.matches(name)) {
                    return false;
                }
            }
        }
        return !matchesSelfOrAncestor(pathExcludes, path);
    }

    private static boolean matchesSelfOrAncestor(List<PathMatcher> matchers, Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            for (PathMatcher m : matchers) {
                if (m.matches(p)) {
                    return true;
                }
            }
        }
        return false;
    }
}
