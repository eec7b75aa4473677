package io.ectar.cli;

import io.ectar.archive.Archive;
import io.ectar.tape.DriveReport;
import io.ectar.tape.TapeShardReader;
import io.ectar.tape.TapeShardSource;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** What the archive commands do differently when their archive is a tape set. */
final class TapeArchives {

    private TapeArchives() {
    }

    /**
     * Opens the archive the user named: {@code -i INPUT}, or the tape set of {@code --tape-devices}.
     *
     * @param allShards read every tape's shard of every chunk (verify) rather than the first k good ones
     */
    static Archive open(CommandLine cli, TapeDeviceOptions tapes, String input, boolean allShards) throws IOException {
        if (tapes.given() == (input != null)) {
            throw new CommandLine.ParameterException(cli, tapes.given()
                    ? "give either -i INPUT or --tape-devices, not both"
                    : "give the archive: -i INPUT, or --tape-devices DEV,... for a tape set");
        }
        if (input != null) {
            return Archive.open(input);
        }
        TapeShardReader reader = tapes.hasChanger() || tapes.nextVolumeCommand != null
                ? TapeShardReader.open(tapes.volumeSource(), tapes.devices.size(), null)
                : TapeShardReader.open(tapes.open(true));
        for (String tape : reader.leftOut()) {
            cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": warning: left out, the set is read from"
                    + " the other tapes: " + tape);
        }
        cli.getErr().flush();
        return Archive.open(new TapeShardSource(reader, allShards));
    }

    /** The default parity for a set of {@code drives} tapes: 1 for 2 to 4 drives, 2 for 5 or more. */
    static int defaultParity(int drives) {
        return drives >= 5 ? 2 : 1;
    }

    /** One line per drive: what it wrote and how fast it streamed. */
    static String describe(DriveReport r) {
        String line = String.format(Locale.ROOT, "tape %d (%s): %s in %.1f s, %.1f MB/s sustained, waited %.1f s for data",
                r.tape(), r.device(), HumanSize.format(r.bytes()), r.seconds(), r.bytesPerSecond() / 1e6,
                r.starvedSeconds());
        if (r.volumes() > 1) {
            line += String.format(Locale.ROOT, "; %d volumes, %.1f s changing cartridges, %.1f MB/s while streaming",
                    r.volumes(), r.switchSeconds(), r.streamingBytesPerSecond() / 1e6);
        }
        return r.ok() ? line : line + "; DROPPED: " + r.failure();
    }

    static List<String> describe(List<DriveReport> reports) {
        return reports.stream().map(TapeArchives::describe).toList();
    }
}
