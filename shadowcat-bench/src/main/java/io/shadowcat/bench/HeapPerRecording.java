package io.shadowcat.bench;

import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap retained per live recording (target: under 1 MB each with 100 at once): opens 100 writers on the
 * {@code filesystem} provider, appends frames to all of them in turn, and compares the heap in use after a
 * full GC before and while they are open. Run: {@code java -cp shadowcat-benchmarks.jar
 * io.shadowcat.bench.HeapPerRecording [recordings] [framesEach]}.
 */
public final class HeapPerRecording {

    private HeapPerRecording() {
    }

    public static void main(String[] args) throws Exception {
        int recordings = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path dir = BenchTapes.scratch("shadowcat-heap");
        try (TapeStorageBackend storage = BenchTapes.filesystem(dir)) {
            List<TapeWriter> writers = new ArrayList<>();
            // Warm up class loading and JIT on one tape first.
            try (TapeWriter w = storage.openWriter(header("warm-up"))) {
                append(w, 0, 20_000);
            }
            long before = usedAfterGc();
            for (int i = 0; i < recordings; i++) {
                writers.add(storage.openWriter(header("heap-" + i)));
            }
            for (int f = 0; f < frames; f += 100) {
                for (TapeWriter w : writers) {
                    append(w, f, 100);
                }
            }
            long during = usedAfterGc();
            long perRecording = (during - before) / recordings;
            System.out.printf("%d live recordings x %d frames: heap %d KiB before, %d KiB while open: %d bytes "
                    + "(%.1f KiB) per recording%n", recordings, frames, before >> 10, during >> 10, perRecording,
                    perRecording / 1024.0);
            writers.forEach(TapeWriter::close);
        } finally {
            BenchTapes.deleteTree(dir);
        }
    }

    private static TapeHeader header(String id) {
        return new TapeHeader(TapeId.of(id), "bench", Instant.now(), "2025-06-18", null);
    }

    private static void append(TapeWriter w, long from, int n) {
        for (long s = from; s < from + n; s++) {
            w.append(Frame.of(s, s, (s & 1) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                    (s & 1) == 0 ? BenchTapes.REQUEST : BenchTapes.RESPONSE));
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
