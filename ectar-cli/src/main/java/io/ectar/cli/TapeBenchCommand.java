package io.ectar.cli;

import io.ectar.codec.ZfecCodec;
import io.ectar.tape.BlockMode;
import io.ectar.tape.DriveReport;
import io.ectar.tape.RaitShardWriter;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.TapeDirectory;
import io.ectar.tape.TapeLabel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ectar bench-tape}: the RAIT writer alone, fed with shards coded once in memory, so the drives'
 * sustained rates show what the tape layer can do without the archive pipeline in front of it.
 */
@Command(name = "bench-tape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the tape set writer alone: one random chunk is coded once, then written again and"
                + " again to every drive (shard i to drive i) until SIZE of payload went out.",
            "Reports each drive's sustained rate in MB/s (10^6 bytes). The drives are overwritten."})
final class TapeBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    TapeDeviceOptions tapes;

    @Option(names = "--data-shards", paramLabel = "K", description = "Data shards (default: drives - parity).")
    Integer dataShards;

    @Option(names = "--parity-shards", paramLabel = "P", description = "Parity shards (default: 1 for 2-4 drives,"
            + " 2 for 5+).")
    Integer parityShards;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "4GiB", converter = ByteSizeConverter.class,
            description = "Payload to write in all (default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "64MiB", converter = ByteSizeConverter.class,
            description = "Payload per chunk (default: ${DEFAULT-VALUE}).")
    long chunkSize;

    @Option(names = "--block-size", paramLabel = "SIZE", converter = ByteSizeConverter.class, defaultValue = "256KiB",
            description = "Tape record size (default: ${DEFAULT-VALUE}).")
    long blockSize;

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        if (!tapes.given()) {
            throw new CommandLine.ParameterException(cli, "give the drives or images with --tape-devices");
        }
        if (chunkSize < 1 || chunkSize > (1L << 30)) {
            throw new CommandLine.ParameterException(cli, "--chunk-size must be 1 byte to 1GiB");
        }
        TapeCreate.Shards kp = new TapeCreate(cli, tapes, null).shards(dataShards, parityShards);
        byte[] payload = new byte[(int) chunkSize];
        new Random(1).nextBytes(payload);
        byte[][] shards = ZfecCodec.create(kp.data(), kp.data() + kp.parity()).encode(payload);
        int chunks = (int) Math.max(1, (size + chunkSize - 1) / chunkSize);
        TapeLabel label = new TapeLabel(UUID.randomUUID().toString(), 0, kp.data(), kp.parity(), (int) blockSize,
                BlockMode.VARIABLE, EctarCommand.toolVersion(), Instant.now().toString(), "bench");
        List<TapeDevice> devices = tapes.open();
        List<DriveReport> reports;
        long start = System.nanoTime();
        try (RaitShardWriter writer = RaitShardWriter.start(devices, label, true,
                (int) Math.max(4, (64L << 20) / blockSize))) {
            for (int c = 1; c <= chunks; c++) {
                List<OutputStream> outs = new ArrayList<>();
                for (int s = 0; s < shards.length; s++) {
                    outs.add(writer.openShard(c, s));
                }
                // Stripe by stripe, as the archive's encoder writes.
                for (int off = 0; off < shards[0].length; off += 1 << 16) {
                    for (int s = 0; s < shards.length; s++) {
                        outs.get(s).write(shards[s], off, Math.min(1 << 16, shards[s].length - off));
                    }
                }
                for (OutputStream o : outs) {
                    o.close();
                }
            }
            writer.writeOnEveryTape(TapeDirectory.Kind.RECOVERY, "bench\n".getBytes());
            reports = writer.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = cli.getOut();
        out.printf(Locale.ROOT, "bench-tape: %d drives (%d+%d), %d chunks of %s, block size %s, %.1f s, load average %.2f%n",
                devices.size(), kp.data(), kp.parity(), chunks, HumanSize.format(chunkSize), HumanSize.format(blockSize),
                seconds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        TapeArchives.describe(reports).forEach(out::println);
        out.flush();
        return reports.stream().allMatch(DriveReport::ok) ? ExitStatus.OK.code() : ExitStatus.DAMAGED.code();
    }
}
