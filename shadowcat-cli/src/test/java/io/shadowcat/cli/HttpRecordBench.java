package io.shadowcat.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark of {@code shadowcat record --upstream} against the same HTTP server reached directly, side by side
 * in one run. Not a test: run it with {@code scripts/bench-record --http}. Each round starts a fresh server and
 * a fresh proxy (filesystem storage, tapes of their own):
 *
 * <ul>
 *   <li>sequential: POST a request, wait for the JSON response, repeat, over one keep-alive connection; the
 *       latency the proxy adds per round trip (p50, p99);</li>
 *   <li>paced: requests sent at a fixed rate (default 1,000/s) for some seconds; the rate achieved, the latency,
 *       and whether the tape kept every message (the proxy's summary line after SIGTERM).</li>
 * </ul>
 *
 * <pre>
 * HttpRecordBench [--round-trips N] [--warm-up N] [--rate REQ_PER_S] [--seconds S] [--rounds R] [--jar PATH]
 *                 [--record-arg ARG]... [--proxy-jvm-arg ARG]...
 * </pre>
 * Each phase first sends {@code --warm-up} untimed round trips (default 5,000) on a fresh proxy: the proxy's JIT is
 * still compiling Jetty's paths for the first few tens of thousands of requests, which shows in the p99 of short
 * runs.
 */
public final class HttpRecordBench {

    private HttpRecordBench() {
    }

    private record Options(int roundTrips, int warmUp, int rate, int seconds, int rounds, Path jar, List<String> recordArgs,
                           List<String> proxyJvmArgs) {
    }

    private record Run(double p50Micros, double p99Micros, double meanMicros, double requestsPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Path tapes = Files.createTempDirectory("shadowcat-http-bench");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf(Locale.ROOT, "load before (1/5/15 min): %s, %d cores%n", load(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-7s %-5s %-10s %10s %10s %10s %10s   %s%n", "mode", "round", "phase",
                "mean us", "p50 us", "p99 us", "req/s", "tape");
        List<Double> addedP50 = new ArrayList<>();
        List<Double> addedP99 = new ArrayList<>();
        List<Double> directP50 = new ArrayList<>();
        List<Double> directP99 = new ArrayList<>();
        List<Double> recordP50 = new ArrayList<>();
        List<Double> recordP99 = new ArrayList<>();
        int tape = 0;
        for (int round = 0; round < o.rounds; round++) {
            Process server = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    BenchHttpEchoServer.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String direct = "http://127.0.0.1:" + new BufferedReader(new InputStreamReader(server.getInputStream(),
                        StandardCharsets.UTF_8)).readLine().trim() + "/mcp";
                Run d = sequential(direct, o, "direct-" + round);
                print("direct", round, "sequential", d, "-");
                Proxy proxy = Proxy.start(java, o, direct, tapes, "bench-" + ProcessHandle.current().pid() + "-" + tape++);
                Run r = sequential(proxy.url, o, "record-" + round);
                print("record", round, "sequential", r, proxy.stop());
                addedP50.add(r.p50Micros - d.p50Micros);
                addedP99.add(r.p99Micros - d.p99Micros);
                directP50.add(d.p50Micros);
                directP99.add(d.p99Micros);
                recordP50.add(r.p50Micros);
                recordP99.add(r.p99Micros);

                print("direct", round, "paced", paced(direct, o, "direct-paced-" + round), "-");
                proxy = Proxy.start(java, o, direct, tapes, "bench-" + ProcessHandle.current().pid() + "-" + tape++);
                Run paced = paced(proxy.url, o, "record-paced-" + round);
                long sent = 2L * (o.warmUp + (long) o.rate * o.seconds);
                print("record", round, "paced", paced, proxy.stop() + " (expected " + sent + " messages)");
            } finally {
                server.destroyForcibly().waitFor();
            }
        }
        System.out.printf(Locale.ROOT, "%nadded by record --upstream per round trip (median of rounds): p50 %.1f us,"
                + " p99 %.1f us (rounds: p50 %s, p99 %s)%n", median(addedP50), median(addedP99), format(addedP50),
                format(addedP99));
        System.out.printf(Locale.ROOT, "sequential, median of rounds: direct p50 %.1f us, p99 %.1f us; through the"
                        + " proxy p50 %.1f us, p99 %.1f us (rounds: direct p99 %s, proxy p99 %s)%n", median(directP50),
                median(directP99), median(recordP50), median(recordP99), format(directP99), format(recordP99));
        System.out.printf(Locale.ROOT, "load after (1/5/15 min): %s%n", load());
        deleteTree(tapes);
    }

    /** A {@code shadowcat record --upstream} child process. */
    private static final class Proxy {
        final Process process;
        final Path err;
        final String url;

        private Proxy(Process process, Path err, String url) {
            this.process = process;
            this.err = err;
            this.url = url;
        }

        static Proxy start(String java, Options o, String upstream, Path tapes, String tapeId) throws Exception {
            Path ready = Files.createTempFile("bench-ready", ".url");
            Files.delete(ready);
            Path err = Files.createTempFile("bench-proxy", ".err");
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(o.proxyJvmArgs); // e.g. -XX:+UseParallelGC, -Xmx512m
            command.addAll(List.of("-jar", o.jar.toString(), "record", "--upstream", upstream,
                    "--tape-id", tapeId, "--ready-file", ready.toString()));
            command.addAll(o.recordArgs); // e.g. --max-relay-wait 0: the proxy alone, never waiting for the storage
            ProcessBuilder b = new ProcessBuilder(command).redirectError(err.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            b.environment().put("SHADOWCAT_STORAGE_PROVIDER", "filesystem");
            b.environment().put("SHADOWCAT_STORAGE_PATH", tapes.toString());
            Process p = b.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready)) { // a benchmark's start-up, not a test's synchronisation
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the proxy did not start: " + Files.readString(err));
                }
                Thread.sleep(20);
            }
            String url = Files.readString(ready).trim();
            Files.delete(ready);
            return new Proxy(p, err, url);
        }

        /** SIGTERM, then the proxy's summary line. */
        String stop() throws Exception {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            String text = Files.readString(err);
            Files.delete(err);
            return text.lines().filter(l -> l.startsWith("shadowcat record: tape")).findFirst().orElse(text.strip());
        }
    }

    private static HttpRequest request(String url, String session, int id) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + id
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"benchmark payload\"}}}"))
                .build();
    }

    private static Run sequential(String url, Options o, String session) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int roundTrips = o.roundTrips;
        int id = 0;
        for (int i = 0; i < o.warmUp; i++) {
            client.send(request(url, session, id++), HttpResponse.BodyHandlers.ofByteArray());
        }
        long[] nanos = new long[roundTrips];
        for (int i = 0; i < roundTrips; i++) {
            HttpRequest r = request(url, session, id++);
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(r, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode());
            }
        }
        return summary(nanos, 0);
    }

    private static Run paced(String url, Options o, String session) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int id = 0;
        for (int i = 0; i < o.warmUp; i++) {
            client.send(request(url, session, id++), HttpResponse.BodyHandlers.ofByteArray());
        }
        int requests = o.rate * o.seconds;
        long interval = 1_000_000_000L / o.rate;
        long[] nanos = new long[requests];
        List<CompletableFuture<?>> pending = new ArrayList<>(requests);
        long started = System.nanoTime();
        long next = started;
        for (int i = 0; i < requests; i++) {
            int n = i;
            HttpRequest r = request(url, session, id++);
            long sent = System.nanoTime();
            pending.add(client.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray())
                    .thenAccept(response -> nanos[n] = System.nanoTime() - sent));
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        return summary(nanos, requests / seconds);
    }

    private static Run summary(long[] nanos, double rate) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Run(sorted[sorted.length / 2] / 1_000.0, sorted[(int) (sorted.length * 0.99)] / 1_000.0,
                Arrays.stream(sorted).average().orElse(0) / 1_000.0, rate);
    }

    private static void print(String mode, int round, String phase, Run r, String tape) {
        System.out.printf(Locale.ROOT, "%-7s %-5d %-10s %10.1f %10.1f %10.1f %10s   %s%n", mode, round, phase,
                r.meanMicros, r.p50Micros, r.p99Micros, r.requestsPerSecond == 0 ? "" : String.format(Locale.ROOT,
                        "%.0f", r.requestsPerSecond), tape);
    }

    private static String format(List<Double> values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.0f", v));
        }
        return out.toString();
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

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Options parse(String[] args) {
        int roundTrips = 20_000;
        int warmUp = 5_000;
        int rate = 1_000;
        int seconds = 5;
        int rounds = 3;
        Path jar = Path.of("shadowcat-cli/target/shadowcat.jar");
        List<String> recordArgs = new ArrayList<>();
        List<String> proxyJvmArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--round-trips": roundTrips = Integer.parseInt(args[++i]); break;
                case "--warm-up": warmUp = Integer.parseInt(args[++i]); break;
                case "--rate": rate = Integer.parseInt(args[++i]); break;
                case "--seconds": seconds = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--jar": jar = Path.of(args[++i]); break;
                case "--record-arg": recordArgs.add(args[++i]); break;
                case "--proxy-jvm-arg": proxyJvmArgs.add(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]
                        + ": use --round-trips N --warm-up N --rate REQ_PER_S --seconds S --rounds R --jar PATH --record-arg ARG"
                        + " --proxy-jvm-arg ARG");
            }
        }
        return new Options(roundTrips, warmUp, rate, seconds, rounds, jar, List.copyOf(recordArgs), List.copyOf(proxyJvmArgs));
    }
}
