package io.ectar.archive;

import io.ectar.format.ArchiveNames;
import io.ectar.format.ShardName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds the archive a user means by {@code -i INPUT}: a base name ({@code backup}, {@code dir/backup.2026}),
 * the index file ({@code backup.index.zst}), an index shard, a shard file, or a quoted shard glob
 * ({@code "backup.c*.s*"}).
 */
public final class ArchiveLocator {

    private ArchiveLocator() {
    }

    /**
     * Resolves {@code input} to the archive's files.
     *
     * @throws ArchiveNotFoundException when nothing of such an archive is there
     */
    public static DirectoryShardSource locate(String input) throws IOException {
        if (input.isEmpty()) {
            throw new ArchiveNotFoundException("empty archive name; give -i BASE, BASE.index.zst or \"BASE.c*.s*\"");
        }
        Path path = Path.of(input);
        Path dir = path.toAbsolutePath().getParent();
        Path fileName = path.getFileName();
        if (dir == null || fileName == null) {
            throw new ArchiveNotFoundException("'" + input + "' does not name an archive; give -i BASE,"
                    + " BASE.index.zst or \"BASE.c*.s*\"");
        }
        String name = fileName.toString();
        if (!Files.isDirectory(dir)) {
            throw new ArchiveNotFoundException("directory " + dir + " of archive '" + input + "' does not exist");
        }
        // A base name that has files wins: "x.c001.s00" could be a base name too.
        DirectoryShardSource asBase = new DirectoryShardSource(dir, name);
        if (!hasGlobCharacters(name) && asBase.exists()) {
            return asBase;
        }
        Optional<String> base = ArchiveNames.baseOfIndexFile(name)
                .or(() -> ArchiveNames.baseOfIndexShard(name))
                .or(() -> ShardName.parse(name).map(ShardName::base));
        if (hasGlobCharacters(name)) {
            base = Optional.of(baseFromGlob(dir, name, input));
        }
        if (base.isPresent()) {
            DirectoryShardSource source = new DirectoryShardSource(dir, base.get());
            if (source.exists()) {
                return source;
            }
        }
        throw new ArchiveNotFoundException("no archive '" + input + "': found no " + name + ".index.zst, "
                + name + ".index.sMM or " + name + ".cNNN.sMM files in " + dir);
    }

    private static boolean hasGlobCharacters(String name) {
        return name.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static String baseFromGlob(Path dir, String glob, String input) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        TreeSet<String> bases = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (matcher.matches(p.getFileName())) {
                    String n = p.getFileName().toString();
                    ShardName.parse(n).map(ShardName::base)
                            .or(() -> ArchiveNames.baseOfIndexFile(n))
                            .or(() -> ArchiveNames.baseOfIndexShard(n))
                            .ifPresent(bases::add);
                }
            }
        }
        if (bases.isEmpty()) {
            throw new ArchiveNotFoundException("no shard files match '" + input + "' in " + dir);
        }
        if (bases.size() > 1) {
            throw new ArchiveNotFoundException("'" + input + "' matches shards of several archives ("
                    + String.join(", ", bases) + "); name one of them");
        }
        return bases.first();
    }
}
