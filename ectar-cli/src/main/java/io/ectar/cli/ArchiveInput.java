package io.ectar.cli;

import io.ectar.archive.Archive;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The archive a reading command works on: {@code -i INPUT}, or a tape set given with {@code --tape-devices}. */
final class ArchiveInput {

    @Option(names = {"-i", "--input"}, paramLabel = "INPUT",
            description = "The archive: base name (backup), index file (backup.index.zst) or quoted shard glob"
                    + " (\"backup.c*.s*\").")
    String input;

    @CommandLine.Mixin
    TapeDeviceOptions tapes;

    /** @param allShards read every shard of every chunk (verify), not just the first k good ones */
    Archive open(CommandLine cli, boolean allShards) throws IOException {
        return TapeArchives.open(cli, tapes, input, allShards);
    }
}
