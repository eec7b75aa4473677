package io.ectar.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Where {@code create -o DIR/NAME} writes: the directory and the archive's base name, checked once for
 * every kind of create (shards in a directory, or the local copy of a tape set).
 *
 * @param dir  the directory the shard files go to (absolute)
 * @param base the archive's base name, the prefix of every file
 */
record ArchiveOutput(Path dir, String base) {

    /** @throws CommandLine.ParameterException when {@code output} names a directory rather than a base name */
    static ArchiveOutput of(CommandLine cli, String output) {
        Path out = Path.of(output);
        Path name = out.getFileName();
        if (name == null || output.endsWith("/") || Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(cli, "-o " + output + " must be the archive's base name (a"
                    + " file name prefix), not a directory: use -o DIR/NAME");
        }
        return new ArchiveOutput(out.toAbsolutePath().getParent(), name.toString());
    }
}
