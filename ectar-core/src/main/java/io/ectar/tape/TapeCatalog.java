package io.ectar.tape;

import io.ectar.internal.io.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The catalog of a tape set on disk and the questions asked of it: which volumes there are, and which
 * cartridges are needed to restore some chunks. The catalog is the {@link TapeDirectory} (the same bytes
 * as the tape's last file), kept next to the local copy of the index as {@code BASE}{@value #SUFFIX} when
 * a set is written with {@code -o}, and on the last volume of every tape otherwise.
 */
public final class TapeCatalog {

    /** What the catalog file's name ends with, after the archive's base name. */
    public static final String SUFFIX = ".tape-catalog";

    private TapeCatalog() {
    }

    /** The catalog file of archive {@code base} in {@code dir}. */
    public static Path path(Path dir, String base) {
        return dir.resolve(base + SUFFIX);
    }

    /** Writes {@code directory} as {@code dir/BASE.tape-catalog}: temp file, fsync, atomic rename. */
    public static void write(Path dir, String base, TapeDirectory directory) throws IOException {
        DurableFiles.writeAtomically(path(dir, base), dir.resolve("." + base + SUFFIX + ".ectar-tmp"),
                directory.encode());
        DurableFiles.syncDirectory(dir);
    }

    /**
     * Reads a catalog file.
     *
     * @throws NoSuchFileException when there is none
     * @throws IOException when the file is not a catalog
     */
    public static TapeDirectory read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        TapeDirectory d = TapeDirectory.decode(bytes, bytes.length);
        if (d == null) {
            throw new IOException(file + " is not an ectar tape catalog");
        }
        return d;
    }

    /** One line per volume: "tape 0 volume 2: chunks 40-79 (files 40-79), slot 5, barcode ..., written in DEV". */
    public static List<String> describeVolumes(TapeDirectory d) {
        List<String> lines = new ArrayList<>();
        for (int tape = 0; tape < d.dataShards() + d.parityShards(); tape++) {
            for (TapeDirectory.Volume v : d.volumesOf(tape)) {
                boolean last = v.volume() == d.lastVolume(tape);
                lines.add(v.describe() + ": " + (v.firstChunk() == 0 ? "" : "chunks " + v.firstChunk() + "-"
                        + v.lastChunk() + (last ? " + " : "")) + (last ? "trailer and catalog" : "")
                        + (v.device() != null ? ", written in " + v.device() : ""));
            }
        }
        return lines;
    }

    /**
     * The cartridges to restore {@code chunks}: k tapes holding a good shard of every one of them, chosen
     * to need the fewest cartridges, and for each the volumes that hold those chunks.
     *
     * @param tapes the tapes chosen, in order
     * @param volumes the volumes to load, tape by tape in volume order
     * @param problems what could not be covered (a chunk fewer than k tapes hold), empty when the plan is whole
     */
    public record Plan(List<Integer> tapes, List<TapeDirectory.Volume> volumes, List<String> problems) {
    }

    /** The {@link Plan} for {@code chunks}. */
    public static Plan locate(TapeDirectory d, SortedSet<Integer> chunks) {
        int k = d.dataShards();
        Map<Integer, SortedSet<Integer>> volumesPerTape = new TreeMap<>();
        List<Integer> usable = new ArrayList<>();
        for (int tape = 0; tape < d.dataShards() + d.parityShards(); tape++) {
            SortedSet<Integer> needed = new TreeSet<>();
            boolean all = true;
            for (int c : chunks) {
                TapeDirectory.TapeFile f = d.chunks().get(c - 1);
                if (f.shard(tape) == null) {
                    all = false;
                    break;
                }
                needed.add(d.locate(tape, f.file()).volume());
            }
            if (all) {
                usable.add(tape);
                volumesPerTape.put(tape, needed);
            }
        }
        usable.sort(Comparator.comparingInt((Integer t) -> volumesPerTape.get(t).size()).thenComparingInt(t -> t));
        List<String> problems = new ArrayList<>();
        if (usable.size() < k) {
            problems.add("only " + usable.size() + " tape(s) hold a good shard of every chunk asked for; " + k
                    + " are needed (see 'ectar info' for the dropped tapes)");
        }
        List<Integer> chosen = new ArrayList<>(usable.subList(0, Math.min(k, usable.size())));
        chosen.sort(Comparator.naturalOrder());
        List<TapeDirectory.Volume> volumes = new ArrayList<>();
        for (int tape : chosen) {
            List<TapeDirectory.Volume> all = d.volumesOf(tape);
            for (int v : volumesPerTape.get(tape)) {
                volumes.add(all.get(v - 1));
            }
        }
        return new Plan(chosen, volumes, problems);
    }

    /** The chunks holding the tar bytes {@code [from, to)}, by the index's chunk offsets. */
    public static Set<Integer> chunksFor(List<io.ectar.format.ChunkRecord> chunks, long from, long to) {
        Set<Integer> found = new LinkedHashSet<>();
        for (io.ectar.format.ChunkRecord c : chunks) {
            long start = c.uncompressedOffset();
            long end = start + c.uncompressedLength();
            if (end > from && start < Math.max(to, from + 1)) {
                found.add(c.number());
            }
        }
        return found;
    }
}
