package io.shadowcat.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU time an append costs under each layer configuration of {@link LayeredAppendBenchmark} (the same
 * storages, frames and flushes), a measure that other processes' load hardly moves, unlike frames/s on a
 * shared machine: per frame, the CPU of the whole process (the appending thread, the sealing threads, GC)
 * and of the appending thread alone (what the recorder's relay waits for). Each round appends
 * {@code frames} frames to one tape per configuration, the configurations in turn; round 1 is warm-up. Run:
 * {@code java -cp shadowcat-benchmarks.jar io.shadowcat.bench.LayeredAppendCpu [rounds] [frames]}.
 */
public final class LayeredAppendCpu {

    private static final String[] CONFIGS = {"none", "encryption", "tamper", "encryption+tamper+audit"};

    private LayeredAppendCpu() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, LayeredAppendBenchmark> storages = new LinkedHashMap<>();
        for (String c : CONFIGS) {
            LayeredAppendBenchmark b = new LayeredAppendBenchmark();
            b.layers = c;
            b.open();
            storages.put(c, b);
        }
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%s, %d frames per tape, load before %.2f%n", System.getProperty("java.version"),
                frames, os.getSystemLoadAverage());
        for (int r = 1; r <= rounds; r++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d%s:", r, r == 1 ? " (warm-up)" : ""));
            for (Map.Entry<String, LayeredAppendBenchmark> e : storages.entrySet()) {
                LayeredAppendBenchmark b = e.getValue();
                b.newTape();
                long cpu0 = os.getProcessCpuTime();
                long thread0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (int i = 0; i < frames; i++) {
                    b.appendFrame();
                }
                b.finishTape();
                double process = (os.getProcessCpuTime() - cpu0) / 1e3 / frames;
                double thread = (threads.getCurrentThreadCpuTime() - thread0) / 1e3 / frames;
                double wall = (System.nanoTime() - wall0) / 1e3 / frames;
                if (r > 1) {
                    results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {process, thread, wall});
                }
                line.append(String.format(Locale.ROOT, "  %s %.2f/%.2f/%.2f", e.getKey(), process, thread, wall));
            }
            System.out.println(line + "  (us per frame: process CPU/appending thread CPU/wall)");
        }
        System.out.printf(Locale.ROOT, "load after %.2f; medians over rounds 2-%d, us per frame, and ratio to none:%n",
                os.getSystemLoadAverage(), rounds);
        double[] none = medians(results.get("none"));
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            double[] m = medians(e.getValue());
            System.out.printf(Locale.ROOT, "%-24s process CPU %.2f (%.2fx)  appending thread CPU %.2f (%.2fx)  wall %.2f (%.2fx)%n",
                    e.getKey(), m[0], m[0] / none[0], m[1], m[1] / none[1], m[2], m[2] / none[2]);
        }
        for (LayeredAppendBenchmark b : storages.values()) {
            b.close();
        }
    }

    private static double[] medians(List<double[]> rows) {
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            final int col = k;
            double[] v = rows.stream().mapToDouble(row -> row[col]).sorted().toArray();
            out[k] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        return out;
    }
}
