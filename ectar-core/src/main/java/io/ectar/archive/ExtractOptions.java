package io.ectar.archive;

import java.util.List;

/**
 * How to extract.
 *
 * @param files           globs of archived paths to extract (all when empty), see {@link PathFilter}
 * @param excludes        globs of archived paths to leave out
 * @param stripComponents leading path names to drop ({@code tar --strip-components}); entries with no name
 *                        left are skipped
 * @param partial         go on past chunks that cannot be recovered, extracting everything else
 * @param force           replace existing files in the output directory
 */
public record ExtractOptions(List<String> files, List<String> excludes, int stripComponents, boolean partial,
        boolean force) {

    public ExtractOptions {
        files = List.copyOf(files);
        excludes = List.copyOf(excludes);
        if (stripComponents < 0) {
            throw new IllegalArgumentException("--strip-components must not be negative, got " + stripComponents);
        }
    }

    /** Everything, stopping at the first unrecoverable chunk, never replacing existing files. */
    public static ExtractOptions defaults() {
        return new ExtractOptions(List.of(), List.of(), 0, false, false);
    }

    public ExtractOptions withPartial(boolean p) {
        return new ExtractOptions(files, excludes, stripComponents, p, force);
    }

    public ExtractOptions withForce(boolean f) {
        return new ExtractOptions(files, excludes, stripComponents, partial, f);
    }

    public ExtractOptions withFiles(List<String> globs) {
        return new ExtractOptions(globs, excludes, stripComponents, partial, force);
    }

    public ExtractOptions withExcludes(List<String> globs) {
        return new ExtractOptions(files, globs, stripComponents, partial, force);
    }

    public ExtractOptions withStripComponents(int n) {
        return new ExtractOptions(files, excludes, n, partial, force);
    }
}
