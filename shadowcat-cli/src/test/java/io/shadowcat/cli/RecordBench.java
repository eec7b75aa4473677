package io.shadowcat.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark of {@code shadowcat record} against the same server run directly, side by side in one run.
 * Not a test: run it with {@code scripts/bench-record}. Each measurement starts a fresh server (and a
 * fresh recorder with a tape of its own):
 *
 * <ul>
 *   <li>sequential: request, wait for the answer, repeat; the latency the proxy adds per round trip;</li>
 *   <li>paced: requests sent at a fixed rate for some seconds, answers read concurrently; messages per
 *       second relayed (both directions), and whether the tape kept every one of them;</li>
 *   <li>burst: requests sent as fast as possible; the relay's ceiling (the tape may drop messages here by
 *       design: the recorder never slows the session).</li>
 * </ul>
 *
 * <pre>
 * RecordBench [--round-trips N] [--rate MSG_PER_S] [--seconds S] [--burst N] [--rounds R] [--jar PATH]
 * </pre>
 */
public final class RecordBench {

    private static final int WARM_UP = 5_000;

    private RecordBench() {
    }

    private record Options(int roundTrips, int rate, int seconds, int burst, int rounds, Path jar) {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Path tapes = Files.createTempDirectory("shadowcat-bench");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> direct = List.of(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                BenchEchoServer.class.getName());
        System.out.printf(Locale.ROOT, "load before (1/5/15 min): %s, %d cores%n", load(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-7s %-5s %-11s %10s %10s %10s %12s   %s%n", "mode", "round", "phase",
                "mean us", "p50 us", "p99 us", "msg/s", "tape");
        List<Double> addedMean = new ArrayList<>();
        List<Double> addedP50 = new ArrayList<>();
        List<Double> pacedRates = new ArrayList<>();
        List<Double> burstRates = new ArrayList<>();
        int tape = 0;
        for (int round = 0; round < o.rounds; round++) {
            Run d = run(direct, o, Phase.SEQUENTIAL);
            print("direct", round, Phase.SEQUENTIAL, d);
            Run r = run(recorded(java, o, direct, tape++), o, Phase.SEQUENTIAL, tapesEnv(tapes));
            print("record", round, Phase.SEQUENTIAL, r);
            addedMean.add(r.meanMicros - d.meanMicros);
            addedP50.add(r.p50Micros - d.p50Micros);

            print("direct", round, Phase.PACED, run(direct, o, Phase.PACED));
            Run paced = run(recorded(java, o, direct, tape++), o, Phase.PACED, tapesEnv(tapes));
            print("record", round, Phase.PACED, paced);
            pacedRates.add(paced.messagesPerSecond);

            print("direct", round, Phase.BURST, run(direct, o, Phase.BURST));
            Run burst = run(recorded(java, o, direct, tape++), o, Phase.BURST, tapesEnv(tapes));
            print("record", round, Phase.BURST, burst);
            burstRates.add(burst.messagesPerSecond);
        }
        System.out.printf(Locale.ROOT, "%nadded by record per round trip (median of rounds): mean %.1f us, p50 %.1f us%n",
                median(addedMean), median(addedP50));
        System.out.printf(Locale.ROOT, "relayed with recording on: paced %.0f msg/s, burst %.0f msg/s (medians)%n",
                median(pacedRates), median(burstRates));
        System.out.printf(Locale.ROOT, "load after (1/5/15 min): %s%n", load());
        deleteTree(tapes);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private enum Phase { SEQUENTIAL, PACED, BURST }

    private record Run(double meanMicros, double p50Micros, double p99Micros, double messagesPerSecond,
                       String stderr) {
    }

    private static List<String> recorded(String java, Options o, List<String> server, int tape) {
        List<String> command = new ArrayList<>(List.of(java, "-jar", o.jar.toString(), "record",
                "--tape-id", "bench-" + ProcessHandle.current().pid() + "-" + tape, "--"));
        command.addAll(server);
        return command;
    }

    private static String[] tapesEnv(Path tapes) {
        return new String[] {"SHADOWCAT_STORAGE_PROVIDER", "filesystem", "SHADOWCAT_STORAGE_PATH", tapes.toString()};
    }

    private static Run run(List<String> command, Options o, Phase phase, String... env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        for (int i = 0; i < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        Path errFile = Files.createTempFile("bench", ".err");
        builder.redirectError(errFile.toFile());
        Process p = builder.start();
        OutputStream toServer = p.getOutputStream();
        BufferedReader fromServer = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int[] id = {0};
        for (int i = 0; i < WARM_UP; i++) { // let both JVMs compile their hot paths
            roundTrip(toServer, fromServer, id[0]++);
        }
        Run run;
        if (phase == Phase.SEQUENTIAL) {
            long[] nanos = new long[o.roundTrips];
            for (int i = 0; i < o.roundTrips; i++) {
                long start = System.nanoTime();
                roundTrip(toServer, fromServer, id[0]++);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            run = new Run(Arrays.stream(nanos).average().orElse(0) / 1_000, nanos[nanos.length / 2] / 1_000.0,
                    nanos[(int) (nanos.length * 0.99)] / 1_000.0, 0, null);
        } else {
            int requests = phase == Phase.BURST ? o.burst : o.rate / 2 * o.seconds;
            long intervalNanos = phase == Phase.BURST ? 0 : 2_000_000_000L / o.rate; // a request and its answer
            int first = id[0];
            Thread writer = new Thread(() -> send(toServer, first, requests, intervalNanos));
            long started = System.nanoTime();
            writer.start();
            for (int i = 0; i < requests; i++) {
                if (fromServer.readLine() == null) {
                    throw new IllegalStateException("server closed after " + i + " answers");
                }
            }
            long elapsed = System.nanoTime() - started;
            writer.join();
            run = new Run(0, 0, 0, 2.0 * requests / (elapsed / 1e9), null);
        }
        toServer.close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not exit: " + command);
        }
        String stderr = Files.readString(errFile).strip();
        Files.delete(errFile);
        return new Run(run.meanMicros, run.p50Micros, run.p99Micros, run.messagesPerSecond, stderr);
    }

    private static void send(OutputStream out, int firstId, int requests, long intervalNanos) {
        try {
            long next = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                out.write(request(firstId + i));
                if (intervalNanos > 0) {
                    out.flush();
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                } else if (i % 64 == 63) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void roundTrip(OutputStream out, BufferedReader in, int id) throws IOException {
        out.write(request(id));
        out.flush();
        if (in.readLine() == null) {
            throw new IllegalStateException("server closed");
        }
    }

    private static byte[] request(int id) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"text\":\"benchmark payload\"}}}\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void print(String mode, int round, Phase phase, Run r) {
        String tape = r.stderr == null || r.stderr.isEmpty() ? "-"
                : r.stderr.lines().filter(l -> l.startsWith("shadowcat record:")).findFirst().orElse(r.stderr);
        if (phase == Phase.SEQUENTIAL) {
            System.out.printf(Locale.ROOT, "%-7s %-5d %-11s %10.1f %10.1f %10.1f %12s   %s%n", mode, round,
                    phase.name().toLowerCase(Locale.ROOT), r.meanMicros, r.p50Micros, r.p99Micros, "", tape);
        } else {
            System.out.printf(Locale.ROOT, "%-7s %-5d %-11s %10s %10s %10s %12.0f   %s%n", mode, round,
                    phase.name().toLowerCase(Locale.ROOT), "", "", "", r.messagesPerSecond, tape);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String load() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Options parse(String[] args) {
        int roundTrips = 20_000;
        int rate = 20_000;
        int seconds = 5;
        int burst = 200_000;
        int rounds = 3;
        Path jar = Path.of("shadowcat-cli/target/shadowcat.jar");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--round-trips": roundTrips = Integer.parseInt(args[++i]); break;
                case "--rate": rate = Integer.parseInt(args[++i]); break;
                case "--seconds": seconds = Integer.parseInt(args[++i]); break;
                case "--burst": burst = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--jar": jar = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]
                        + ": use --round-trips N --rate MSG_PER_S --seconds S --burst N --rounds R --jar PATH");
            }
        }
        return new Options(roundTrips, rate, seconds, burst, rounds, jar);
    }
}
