package io.ectar.cli;

import io.ectar.archive.Archive;
import io.ectar.archive.ArchiveCreator;
import io.ectar.archive.ChunkHealth;
import io.ectar.archive.CreateOptions;
import io.ectar.archive.CreateResult;
import io.ectar.archive.DirectoryShardSink;
import io.ectar.archive.Progress;
import io.ectar.archive.Verifier;
import io.ectar.archive.VerifyReport;
import io.ectar.tape.BlockMode;
import io.ectar.tape.DriveReport;
import io.ectar.tape.RaitShardWriter;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapeDevices;
import io.ectar.tape.TapeCatalog;
import io.ectar.tape.TapeLabel;
import io.ectar.tape.changer.Cartridge;
import io.ectar.tape.changer.CartridgeCheck;
import io.ectar.tape.changer.OperatorVolumes;
import io.ectar.tape.changer.VolumeSource;
import io.ectar.tape.TapeSetLayout;
import io.ectar.tape.TapeShardReader;
import io.ectar.tape.TapeShardSink;
import io.ectar.tape.TapeShardSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code ectar create --tape-devices ...}: the archive goes to a tape set, one shard per drive. */
final class TapeCreate {

    private static final Logger LOG = LoggerFactory.getLogger(TapeCreate.class);
    /**
     * Records queued per drive: about 64 MiB, between 4 and 256 records, so that small blocks still hold
     * the producer close behind the drives (early warning is then seen within a few MiB).
     */
    private static final long QUEUE_BYTES = 64L << 20;
    private static final int QUEUE_MAX_RECORDS = 256;

    /** How many data and parity shards each chunk gets: one per drive, so they add up to the drive count. */
    record Shards(int data, int parity) {
    }

    /** Opens the drives named on the command line; tests put fault-injecting drives in their place. */
    @FunctionalInterface
    interface Drives {
        /** Every drive, in shard order, to write or (after writing) to read back. */
        List<TapeDevice> open(boolean forReading) throws IOException;
    }

    private final CommandLine cli;
    private final TapeDeviceOptions tapes;
    private final TapeWriteOptions write;
    private final Drives opener;

    TapeCreate(CommandLine cli, TapeDeviceOptions tapes, TapeWriteOptions write) {
        this(cli, tapes, write, tapes::open);
    }

    TapeCreate(CommandLine cli, TapeDeviceOptions tapes, TapeWriteOptions write, Drives drives) {
        this.cli = cli;
        this.tapes = tapes;
        this.write = write;
        this.opener = drives;
    }

    /** Refuses the tape-only options when no tapes are named. */
    static void requireTapesFor(CommandLine cli, TapeDeviceOptions tapes) {
        CommandLine.ParseResult parsed = cli.getParseResult();
        if (!tapes.given()) {
            for (String option : List.of("--block-size", "--verify", "--tape-image-rate", "--tape-image-capacity",
                    "--tape-image-early-warning", "--changer", "--slots", "--next-volume-command")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(cli, option + " only applies with --tape-devices");
                }
            }
        }
    }

    /**
     * The shard counts for the number of drives: what the user gave, completed to the drive count, or by
     * default 1 parity tape for 2 to 4 drives and 2 for 5 or more.
     */
    Shards shards(Integer dataShards, Integer parityShards) {
        int drives = tapes.devices.size();
        int k;
        int p;
        if (dataShards == null && parityShards == null) {
            p = drives == 1 ? 0 : TapeArchives.defaultParity(drives);
            k = drives - p;
            LOG.info("{} tape drives: {} data + {} parity tapes (the default for {} drives; any {} tapes restore"
                    + " the archive; set --data-shards/--parity-shards to choose)", drives, k, p, drives, k);
        } else if (dataShards == null) {
            p = parityShards;
            k = drives - p;
        } else if (parityShards == null) {
            k = dataShards;
            p = drives - k;
        } else {
            k = dataShards;
            p = parityShards;
        }
        if (k + p != drives || k < 1 || p < 0) {
            throw new CommandLine.ParameterException(cli, "--data-shards " + k + " + --parity-shards " + p + " must"
                    + " equal the " + drives + " tape devices given (tape i holds shard i of every chunk)");
        }
        if (p == 0) {
            LOG.warn("no parity tape: losing any tape loses the archive");
        }
        return new Shards(k, p);
    }

    /** Writes the archive; returns the worst of what went wrong (a dropped drive, the input, read-back, space). */
    ExitStatus run(CreateOptions options, String output, List<Path> paths, boolean force, Progress progress)
            throws IOException {
        if (write.blockSize < TapeSetLayout.MIN_BLOCK_SIZE || write.blockSize > TapeSetLayout.MAX_BLOCK_SIZE) {
            throw new CommandLine.ParameterException(cli, "--block-size must be 512 bytes to 8MiB, got "
                    + HumanSize.format(write.blockSize));
        }
        int blockSize = (int) write.blockSize;
        String setId = UUID.randomUUID().toString();
        String base = "tapeset-" + setId.substring(0, 8);
        DirectoryShardSink local = null;
        if (output != null) {
            ArchiveOutput target = ArchiveOutput.of(cli, output);
            base = target.base();
            local = DirectoryShardSink.open(target.dir(), base, force);
        }
        TapeLabel label = new TapeLabel(setId, 0, options.dataShards(), options.parityShards(), blockSize,
                BlockMode.VARIABLE, options.tool(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), base);
        VolumeSource next = tapes.volumeSource();
        if (next instanceof OperatorVolumes operator) {
            operator.forSet(setId);
        }
        List<String> refused = new ArrayList<>();
        List<Cartridge> first = firstCartridges(next, setId, refused);
        List<TapeDevice> devices = first.stream().map(Cartridge::device).toList();
        int queue = (int) Math.min(QUEUE_MAX_RECORDS, Math.max(4, QUEUE_BYTES / blockSize));
        CreateResult r;
        List<DriveReport> reports;
        boolean stoppedEarly;
        boolean pastEarlyWarning;
        io.ectar.tape.TapeDirectory catalog;
        RaitShardWriter writer;
        try {
            writer = RaitShardWriter.start(first, label, force, queue, next);
        } catch (IOException | RuntimeException e) {
            TapeDevices.closeAfter(e, devices);
            throw e;
        }
        try (TapeShardSink sink = new TapeShardSink(writer, devices, local)) {
            r = new ArchiveCreator(options, progress).create(paths, base, sink);
            reports = sink.reports();
            stoppedEarly = sink.stoppedEarly();
            catalog = sink.directory();
            pastEarlyWarning = catalog.endedAtEarlyWarning();
            refused.addAll(writer.refusedCartridges());
        }
        if (local != null) {
            ArchiveOutput target = ArchiveOutput.of(cli, output);
            TapeCatalog.write(target.dir(), target.base(), catalog);
        }
        PrintWriter err = cli.getErr();
        refused.forEach(line -> err.println("ectar create: passed over a cartridge: " + line));
        if (catalog.multiVolume()) {
            LOG.info("the set spans {} cartridges:", catalog.volumes().size());
            TapeCatalog.describeVolumes(catalog).forEach(LOG::info);
        }
        LOG.info("created {} on tape set {}: {} entries, {} of files in {} chunk(s) of {}+{} shards", base, setId,
                r.entries(), HumanSize.format(r.fileBytes()), r.chunks(), options.dataShards(), options.parityShards());
        TapeArchives.describe(reports).forEach(LOG::info);
        ExitStatus exit = ExitStatus.OK;
        long dropped = reports.stream().filter(d -> !d.ok()).count();
        if (dropped > 0) {
            err.println("ectar create: " + dropped + " tape drive(s) failed and were dropped; the archive is complete"
                    + " on the other tapes but can lose only " + (options.parityShards() - dropped) + " more tape(s)");
            exit = ExitStatus.DAMAGED;
        }
        exit = exit.worstOf(CreateCommand.inputProblems(err, r));
        if (write.verify) {
            exit = exit.worstOf(verify(catalog.multiVolume() || tapes.hasChanger(), setId));
        }
        if (stoppedEarly) {
            err.println("ectar create: the tapes reached their early-warning point (nearly full): archived only "
                    + r.entries() + " entries, " + HumanSize.format(r.fileBytes()) + " of files in " + r.chunks()
                    + " chunk(s); the tape set is complete and readable, but the rest was NOT archived");
            exit = exit.worstOf(ExitStatus.FAILURE);
        } else if (pastEarlyWarning) {
            // Early warning came while the last entry was written (the end is only checked between entries).
            err.println("ectar create: the tapes passed their early-warning point (nearly full) while the last entry"
                    + " was written: all " + r.entries() + " entries are archived and the tape set is complete, but"
                    + " it ends in the early-warning zone; use fresh tapes for the next archive");
            exit = exit.worstOf(ExitStatus.FAILURE);
        }
        return exit;
    }

    /**
     * The cartridge each drive starts with: with a changer, the first it offers that {@link CartridgeCheck}
     * accepts (whatever is in the drives goes back first); without one, what is in the drives now.
     */
    private List<Cartridge> firstCartridges(VolumeSource next, String setId, List<String> refused) throws IOException {
        if (!tapes.hasChanger()) {
            return opener.open(false).stream().map(d -> new Cartridge(d, null, null)).toList();
        }
        List<Cartridge> first = new ArrayList<>();
        try {
            for (int drive = 0; drive < tapes.devices.size(); drive++) {
                first.add(CartridgeCheck.loadForWriting(next, drive, 1, setId, refused));
            }
            return first;
        } catch (IOException | RuntimeException e) {
            for (int drive = 0; drive < first.size(); drive++) {
                try {
                    next.release(drive, first.get(drive));
                } catch (IOException ex) {
                    e.addSuppressed(ex);
                }
            }
            throw e;
        }
    }

    /** Reads every tape back and checks every shard, chunk and file against the index. */
    private ExitStatus verify(boolean throughSource, String setId) throws IOException {
        VerifyReport report;
        TapeShardReader reader = throughSource
                ? TapeShardReader.open(tapes.volumeSource(), tapes.devices.size(), setId)
                : TapeShardReader.open(opener.open(true));
        try (Archive archive = Archive.open(new TapeShardSource(reader, true))) {
            report = new Verifier(archive, Progress.NONE).verify(Verifier.Mode.FULL);
        }
        long shards = report.chunks().stream().mapToLong(c -> c.good().size()).sum();
        PrintWriter err = cli.getErr();
        for (ChunkHealth h : report.chunks()) {
            if (h.damaged() || !h.recovered()) {
                err.println("ectar create: verify: chunk " + h.chunk() + ": " + h.describe());
            }
        }
        switch (report.status()) {
            case OK -> {
                LOG.info("verified: {} chunks, {} shards and {} files read back from the tapes match the index",
                        report.chunks().size(), shards, report.filesChecked());
                return ExitStatus.OK;
            }
            case DAMAGED -> {
                err.println("ectar create: verify: the tapes read back with damage, but every byte is recoverable");
                return ExitStatus.DAMAGED;
            }
            default -> {
                err.println("ectar create: verify: the tapes do NOT read back completely");
                return ExitStatus.FAILURE;
            }
        }
    }
}
