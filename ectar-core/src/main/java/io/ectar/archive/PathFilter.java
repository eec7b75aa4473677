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
 *
 * <p>The filter remembers which include globs matched something, so that a glob that took nothing can be
 * reported ({@link #unmatchedIncludes()}, "Not found in archive" as GNU tar says). Not thread-safe.
 */
public final class PathFilter {

    private final List<String> includeGlobs = new ArrayList<>();
    private final List<PathMatcher> includes = new ArrayList<>();
    private final boolean[] matched;
    private final List<PathMatcher> nameExcludes = new ArrayList<>();
    private final List<PathMatcher> pathExcludes = new ArrayList<>();

    public PathFilter(List<String> includeGlobs, List<String> excludeGlobs) {
        for (String g : includeGlobs) {
            this.includeGlobs.add(g);
            includes.add(matcher(g));
        }
        matched = new boolean[includes.size()];
        for (String g : excludeGlobs) {
            (g.contains("/") ? pathExcludes : nameExcludes).add(matcher(g));
        }
    }

    /**
     * Checks the globs as the constructor reads them, without building a filter: for a command line that
     * wants to refuse a bad glob before it opens anything.
     *
     * @throws IllegalArgumentException naming the first bad glob
     */
    public static void validate(List<String> includeGlobs, List<String> excludeGlobs) {
        includeGlobs.forEach(PathFilter::matcher);
        excludeGlobs.forEach(PathFilter::matcher);
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
        if (!includes.isEmpty() && !markIncludes(path)) {
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

    /** Whether an include matches; every include that does is marked, not only the first one. */
    private boolean markIncludes(Path path) {
        boolean any = false;
        for (int i = 0; i < includes.size(); i++) {
            if (matchesSelfOrAncestor(List.of(includes.get(i)), path)) {
                matched[i] = true;
                any = true;
            }
        }
        return any;
    }

    /** The include globs that no path given to {@link #accepts} so far matched, in the order given. */
    public List<String> unmatchedIncludes() {
        List<String> unmatched = new ArrayList<>();
        for (int i = 0; i < includes.size(); i++) {
            if (!matched[i]) {
                unmatched.add(includeGlobs.get(i));
            }
        }
        return unmatched;
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
