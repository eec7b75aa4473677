package io.ectar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ectar.codec.CodecEngine;
import io.ectar.codec.ShareFileException;
import io.ectar.codec.ZfecCodec;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ectar bench}: erasure-coding throughput of each codec engine on this machine. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure erasure-coding throughput: encode a random in-memory payload into K+P zfec share files,"
                    + " and decode it with P data shares missing, after a warm-up.",
            "Throughput is payload bytes per second in MB/s (10^6 bytes)."})
final class BenchCommand implements Callable<Integer> {

    /** The largest payload: it and its shares must fit in Java arrays (or buffers) and in a reasonable heap. */
    static final long MAX_SIZE = 1L << 30;

    enum EngineChoice { java, isal, all }

    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-shards", paramLabel = "K", defaultValue = "10",
            description = "Data shares k (default: ${DEFAULT-VALUE}).")
    int dataShards;

    @Option(names = "--parity-shards", paramLabel = "P", defaultValue = "4",
            description = "Parity shares m-k (default: ${DEFAULT-VALUE}); k+P is at most 256.")
    int parityShards;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "64MiB", converter = ByteSizeConverter.class,
            description = "Payload size, e.g. 256MiB (K, M, G, T are multiples of 1024; default: ${DEFAULT-VALUE}),"
                    + " at most 1GiB.")
    long size;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "all",
            description = "java, isal or all available engines (default: ${DEFAULT-VALUE}).")
    EngineChoice engine;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table) or json (an array of objects) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--min-seconds", paramLabel = "S", defaultValue = "1.5",
            description = "Least time for the warm-up and for each measurement, which also takes at least"
                    + " three runs (default: ${DEFAULT-VALUE}).")
    double minSeconds;

    @Option(names = "--buffers", paramLabel = "KIND", defaultValue = "direct",
            description = "Where payload and shares live: direct (native ByteBuffers, ISA-L codes them in place),"
                    + " heap (heap ByteBuffers) or arrays (Java arrays, the array API) (default: ${DEFAULT-VALUE}).")
    CodecBenchmark.Buffers buffers;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per encode or decode call (default: all available processors).")
    Integer threads;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > 256) {
            throw new CommandLine.ParameterException(cli, "--data-shards must be at least 1, --parity-shards at"
                    + " least 0, and together at most 256; got " + dataShards + " and " + parityShards);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new CommandLine.ParameterException(cli, "--size must be between 1 byte and 1GiB, got "
                    + ByteSize.ofBytes(size));
        }
        if (!(minSeconds >= 0 && minSeconds <= 3600)) {
            throw new CommandLine.ParameterException(cli, "--min-seconds must be between 0 and 3600, got " + minSeconds);
        }
        if (threads != null && threads < 1) {
            throw new CommandLine.ParameterException(cli, "--threads must be at least 1, got " + threads);
        }
        List<CodecEngine> engines;
        try {
            engines = engines(cli.getErr());
        } catch (IllegalStateException e) {
            cli.getErr().println("ectar bench: " + e.getMessage());
            return 1;
        }
        byte[] payload = new byte[(int) size];
        new Random(size).nextBytes(payload);
        List<CodecBenchmark.Result> results = new ArrayList<>();
        try {
            for (CodecEngine e : engines) {
                ZfecCodec codec = ZfecCodec.create(dataShards, dataShards + parityShards, e);
                if (threads != null) {
                    codec = codec.withThreads(threads);
                }
                results.add(new CodecBenchmark(codec, payload, minSeconds, buffers).run());
            }
        } catch (ShareFileException | RuntimeException e) {
            cli.getErr().println("ectar bench: " + e.getMessage());
            return 1;
        }
        cli.getErr().printf(Locale.ROOT, "ectar bench: load average %.2f on %d processors%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        PrintWriter out = cli.getOut();
        if (format == Format.json) {
            out.println(json(results));
        } else {
            printTable(out, results);
        }
        out.flush();
        return 0;
    }

    private List<CodecEngine> engines(PrintWriter err) {
        switch (engine) {
            case java:
                return List.of(CodecEngine.java());
            case isal:
                return List.of(CodecEngine.named("isal"));
            default:
                if (CodecEngine.isal().isEmpty()) {
                    err.println("ectar bench: skipping isal: "
                            + CodecEngine.isalUnavailableReason().orElse("unavailable")
                            + " (install Debian's libisal2)");
                }
                return CodecEngine.available();
        }
    }

    static String json(List<CodecBenchmark.Result> results) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (CodecBenchmark.Result r : results) {
            ObjectNode o = array.addObject();
            o.put("engine", r.engine());
            o.put("buffers", r.buffers().name());
            o.put("data_shards", r.dataShards());
            o.put("parity_shards", r.parityShards());
            o.put("size_bytes", r.sizeBytes());
            o.put("threads", r.threads());
            o.put("encode_mb_per_s", round(r.encode().mbPerS()));
            o.put("decode_mb_per_s", round(r.decode().mbPerS()));
            o.put("encode_mb_per_cpu_s", round(r.encode().cpuMbPerS()));
            o.put("decode_mb_per_cpu_s", round(r.decode().cpuMbPerS()));
        }
        return array.toPrettyString();
    }

    private static double round(double mbPerS) {
        return Double.isNaN(mbPerS) ? mbPerS : Math.round(mbPerS * 10) / 10.0;
    }

    private static String oneDecimal(double mbPerS) {
        return Double.isNaN(mbPerS) ? "-" : String.format(Locale.ROOT, "%.1f", mbPerS);
    }

    private static void printTable(PrintWriter out, List<CodecBenchmark.Result> results) {
        String format = "%-6s  %-7s  %-7s  %-9s  %7s  %12s  %12s  %14s  %14s%n";
        out.printf(Locale.ROOT, format, "engine", "buffers", "shards", "size", "threads", "encode MB/s", "decode MB/s",
                "encode MB/cpu-s", "decode MB/cpu-s");
        for (CodecBenchmark.Result r : results) {
            out.printf(Locale.ROOT, format, r.engine(), r.buffers(), r.dataShards() + "+" + r.parityShards(),
                    ByteSize.ofBytes(r.sizeBytes()), r.threads(), oneDecimal(r.encode().mbPerS()),
                    oneDecimal(r.decode().mbPerS()), oneDecimal(r.encode().cpuMbPerS()),
                    oneDecimal(r.decode().cpuMbPerS()));
        }
    }
}
