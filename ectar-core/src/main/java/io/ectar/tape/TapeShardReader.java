package io.ectar.tape;

import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapeDevices;
import io.ectar.tape.device.TapeException;
import io.ectar.tape.internal.DriveReader;
import io.ectar.tape.internal.FilemarkReader;
import io.ectar.tape.internal.TapeVolumes;
import io.ectar.tape.changer.Cartridge;
import io.ectar.tape.changer.VolumeRequest;
import io.ectar.tape.changer.VolumeSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an archive back from the tapes of a set, given in any order: tapes are recognized by their
 * labels, any k of the k + m are enough, and every position is reached by spacing over filemarks.
 *
 * <p>{@link #open} reads every label and the {@link TapeDirectory} (from the end of the first tape that
 * has one). {@link #chunks} then reads all tapes in parallel, one thread per drive, and hands out each
 * chunk as soon as k good shards of it have arrived; a damaged record or a drive that fails costs that
 * tape's shard, nothing more, while k others are good.
 */
public final class TapeShardReader implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(TapeShardReader.class);
    private static final int READ_AHEAD_CHUNKS = 2;

    private final TapeLabel label;
    private final Map<Integer, TapeVolumes> tapes;
    private final TapeDirectory directory;
    private final List<String> leftOut;
    private final VolumeSource source;

    private TapeShardReader(TapeLabel label, Map<Integer, TapeVolumes> tapes, TapeDirectory directory,
            List<String> leftOut, VolumeSource source) {
        this.label = label;
        this.tapes = tapes;
        this.directory = directory;
        this.leftOut = leftOut;
        this.source = source;
    }

    /**
     * Reads the labels of {@code devices} and the set's directory. The reader owns the devices: it closes
     * them when closed, or at once when it cannot open the set.
     *
     * <p>The devices may hold several volumes of one tape (images of every cartridge, given in any order):
     * they are grouped by their labels, and a volume not given costs that tape's shards of the chunks on it.
     * The directory is read from the end of a tape's last volume, so one of the devices must hold one.
     *
     * A tape whose label cannot be read (blank, damaged, a bad record) is left out ({@link #leftOut()}) and
     * closed at once: the others may still be k tapes of the set.
     *
     * @throws RaitException when the tapes belong to different sets, one volume is given twice, or fewer
     *     than k tapes of the set are given
     * @throws TapeException when the only device given holds no ectar label
     */
    public static TapeShardReader open(List<? extends TapeDevice> devices) throws IOException {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no tape devices given");
        }
        try {
            return openOwned(devices);
        } catch (IOException | RuntimeException e) {
            TapeDevices.closeAfter(e, devices);
            throw e;
        }
    }

    /**
     * Opens the set whose cartridges {@code source} has, reading with {@code drives} drives: the
     * directory (catalog) comes from the last volume of the first tape that has one, then drive j reads one
     * tape's volumes in order, loading each when it is needed. The tapes read are those the source has most
     * volumes of. The reader closes the source when closed.
     *
     * @param setId the set to read, or null for the first set found
     * @throws RaitException when no last volume with a readable directory can be found
     */
    public static TapeShardReader open(VolumeSource source, int drives, String setId) throws IOException {
        if (drives < 1) {
            throw new IllegalArgumentException("no drives given");
        }
        List<String> problems = new ArrayList<>();
        TapeLabel found = null;
        TapeDirectory directory = null;
        for (int tape = 0; directory == null && tape < (found == null ? 256 : found.tapes()); tape++) {
            VolumeRequest last = new VolumeRequest(found != null ? found.setId() : setId, tape, VolumeRequest.LAST,
                    null, null);
            Cartridge c = source.fetch(0, last);
            if (c == null) {
                problems.add(source.describe() + " has no volume of " + last.describe());
                if (found == null && tape >= 7) {
                    break; // before any label says how many tapes the set has, 8 missing in a row end the search
                }
                continue;
            }
            try {
                TapeLabel label = readLabel(c.device());
                found = found == null ? label : found;
                directory = readDirectoryAt(c.device(), label);
            } catch (IOException e) {
                problems.add(c.describe() + ": " + e.getMessage());
            } finally {
                source.release(0, c);
            }
        }
        if (directory == null) {
            throw new RaitException("no last volume with a readable tape directory (catalog) was found in "
                    + source.describe() + ": " + String.join("; ", problems));
        }
        TapeDirectory catalog = directory;
        TapeLabel label = found;
        // Read the tapes the source has most volumes of; ties by tape index.
        List<Integer> order = new ArrayList<>();
        Map<Integer, Integer> absent = new HashMap<>();
        for (int t = 0; t < label.tapes(); t++) {
            order.add(t);
            int a = 0;
            for (TapeDirectory.Volume v : catalog.volumesOf(t)) {
                if (!source.mayHave(new VolumeRequest(label.setId(), t, v.volume(), v.slot(), v.barcode()))) {
                    a++;
                }
            }
            absent.put(t, a);
        }
        order.sort(java.util.Comparator.comparingInt((Integer t) -> absent.get(t)).thenComparingInt(t -> t));
        Map<Integer, TapeVolumes> tapes = new TreeMap<>();
        for (int j = 0; j < Math.min(drives, order.size()); j++) {
            int t = order.get(j);
            tapes.put(t, TapeVolumes.loaded(t, label.setId(), source, j));
        }
        if (tapes.size() < label.dataShards()) {
            throw new RaitException(drives + " drive(s) given to read set " + label.setId() + ", but any "
                    + label.dataShards() + " of its " + label.tapes() + " tapes are needed at once: give at least "
                    + label.dataShards() + " drives");
        }
        LOG.info("reading set {} from {}: {}", label.setId(), source.describe(),
                tapes.values().stream().map(TapeVolumes::describe).collect(Collectors.joining("; ")));
        return new TapeShardReader(label, tapes, catalog, List.of(), source);
    }

    private static TapeShardReader openOwned(List<? extends TapeDevice> devices) throws IOException {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.indexOf(devices.get(i)) != i) {
                throw new RaitException(devices.get(i).name() + " is given twice; give each tape once");
            }
        }
        Map<TapeDevice, TapeLabel> labels = new LinkedHashMap<>();
        List<IOException> unreadable = new ArrayList<>();
        List<TapeDevice> leftOut = new ArrayList<>();
        for (TapeDevice device : devices) {
            try {
                labels.put(device, readLabel(device));
            } catch (TapeException e) {
                // A blank tape, a damaged label or a bad record: the other tapes may still be k of the set.
                unreadable.add(e);
                leftOut.add(device);
            }
        }
        if (labels.isEmpty()) {
            throw unreadable.size() == 1 ? unreadable.get(0) : new RaitException("no tape label could be read: "
                    + unreadable.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")));
        }
        TapeDevices.closeAll(leftOut); // the reader only owns (and closes) the tapes it uses
        Map<String, List<TapeDevice>> bySet = new TreeMap<>();
        labels.forEach((d, l) -> bySet.computeIfAbsent(l.setId(), s -> new ArrayList<>()).add(d));
        if (bySet.size() > 1) {
            String sets = bySet.entrySet().stream()
                    .map(e -> e.getValue().stream().map(TapeDevice::name).collect(Collectors.joining(", "))
                            + (e.getValue().size() == 1 ? " is" : " are") + " from set " + e.getKey())
                    .collect(Collectors.joining("; "));
            throw new RaitException("the tapes are from different sets: " + sets + "; give the tapes of one set");
        }
        TapeLabel first = labels.values().iterator().next();
        Map<Integer, Map<Integer, TapeDevice>> byIndex = new TreeMap<>();
        for (Map.Entry<TapeDevice, TapeLabel> e : labels.entrySet()) {
            TapeLabel l = e.getValue();
            TapeDevice other = byIndex.computeIfAbsent(l.tape(), t -> new TreeMap<>()).put(l.volume(), e.getKey());
            if (other != null) {
                throw new RaitException(other.name() + " and " + e.getKey().name() + " are both tape "
                        + l.tape() + (l.volume() > 1 ? " volume " + l.volume() : "") + " of set " + first.setId()
                        + "; give each tape once");
            }
        }
        if (byIndex.size() < first.dataShards()) {
            throw new RaitException("only " + byIndex.size() + " of the " + first.tapes() + " tapes of set "
                    + first.setId() + " given (" + describe(byIndex) + "), but any " + first.dataShards()
                    + " of them are needed" + (leftOut.isEmpty() ? "" : "; left out: " + unreadable.stream()
                    .map(Throwable::getMessage).collect(Collectors.joining("; "))));
        }
        TapeDirectory directory = readDirectory(byIndex, first);
        Map<Integer, TapeVolumes> tapes = new TreeMap<>();
        byIndex.forEach((t, volumes) -> tapes.put(t, TapeVolumes.given(t, volumes)));
        return new TapeShardReader(first, tapes, directory,
                unreadable.stream().map(Throwable::getMessage).toList(), null);
    }

    private static String describe(Map<Integer, Map<Integer, TapeDevice>> tapes) {
        return tapes.entrySet().stream().map(e -> "tape " + e.getKey() + " " + e.getValue().values().stream()
                .map(TapeDevice::name).collect(Collectors.joining(", "))).collect(Collectors.joining(", "));
    }

    private static TapeLabel readLabel(TapeDevice device) throws IOException {
        FilemarkReader.FirstRecord first = FilemarkReader.readFirstRecord(device);
        int n = first.length();
        TapeLabel label;
        try {
            label = n > 0 ? TapeLabel.decode(first.bytes(), n) : null;
        } catch (IOException e) {
            throw new TapeException(device.name(), device.name() + " has a damaged ectar tape label ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (label == null) {
            throw new TapeException(device.name(), device.name() + " holds no ectar tape label"
                    + (n == TapeDevice.END_OF_DATA ? " (the tape is blank)" : "")
                    + ": give the tapes an ectar tape set was written to");
        }
        return label;
    }

    private static TapeDirectory readDirectory(Map<Integer, Map<Integer, TapeDevice>> tapes, TapeLabel label)
            throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Integer, Map<Integer, TapeDevice>> e : tapes.entrySet()) {
            // The last volume given of each tape first: only a tape's last volume ends with the directory.
            List<TapeDevice> newestFirst = new ArrayList<>(e.getValue().values());
            java.util.Collections.reverse(newestFirst);
            for (TapeDevice device : newestFirst) {
                try {
                    return readDirectoryAt(device, label);
                } catch (IOException | RuntimeException ex) {
                    LOG.warn("tape {} ({}): cannot read the tape directory: {}", e.getKey(), device.name(),
                            ex.getMessage());
                    problems.add(device.name() + ": " + ex.getMessage());
                }
            }
        }
        throw new RaitException("no tape of set " + label.setId() + " has a readable directory (was the writing"
                + " interrupted?); a tape that spans cartridges has it on its last volume: " + String.join("; ", problems));
    }

    /** The directory at the end of {@code device}, which must be a tape's last volume. */
    private static TapeDirectory readDirectoryAt(TapeDevice device, TapeLabel label) throws IOException {
        // From end of data: back over the double filemark and the one before the directory.
        device.goToEndOfData();
        device.spaceBackFiles(3);
        device.spaceForwardFiles(1);
        byte[] bytes = FilemarkReader.readToFilemark(device, new byte[label.blockSize()], 256L << 20);
        TapeDirectory directory = TapeDirectory.decode(bytes, bytes.length);
        if (directory == null) {
            VolumeTrailer trailer = VolumeTrailer.decode(bytes, bytes.length);
            throw new TapeException(device.name(), trailer != null
                    ? "it is volume " + trailer.volume() + " of tape " + trailer.tape() + ", which goes on on volume "
                            + (trailer.volume() + 1) + ": the directory is on the tape's last volume"
                    : "no tape directory at the end of the tape");
        }
        if (!directory.setId().equals(label.setId())) {
            throw new TapeException(device.name(), "its directory belongs to set " + directory.setId());
        }
        return directory;
    }

    /** The devices given whose label could not be read (blank, damaged), one line each: they are not used. */
    public List<String> leftOut() {
        return leftOut;
    }

    /** The set's label (as on the first tape found). */
    public TapeLabel label() {
        return label;
    }

    /** The set's directory. */
    public TapeDirectory directory() {
        return directory;
    }

    /** The tape indexes given, in order. */
    public Set<Integer> tapes() {
        return tapes.keySet();
    }

    /** What holds tape {@code index}: its devices, or the drive and changer its volumes are loaded from. */
    public String describeTape(int index) {
        return Objects.requireNonNull(tapes.get(index), "tape " + index + " was not given").describe();
    }

    /** Whether tape {@code tape}'s copy of logical file {@code file} may be read (its volume is not known missing). */
    public boolean mayRead(int tape, long file) {
        TapeVolumes volumes = tapes.get(tape);
        if (volumes == null) {
            return false;
        }
        try {
            return volumes.mayHave(directory.locate(tape, file).volume());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The number of chunks in the set. */
    public int chunkCount() {
        return directory.chunks().size();
    }

    /**
     * Reads a file written on every tape (recovery text, archive index) from the first tape whose copy
     * is good.
     *
     * @throws RaitException when no tape has a good copy
     */
    public byte[] readFromAnyTape(TapeDirectory.Kind kind) throws IOException {
        TapeDirectory.TapeFile file = directory.file(kind);
        if (file == null) {
            throw new RaitException("the tape set has no " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " file");
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Integer, TapeVolumes> e : tapes.entrySet()) {
            TapeDirectory.ShardOnTape expected = file.shard(e.getKey());
            if (expected == null) {
                continue;
            }
            try {
                return readFile(e.getKey(), e.getValue(), file, expected);
            } catch (IOException ex) {
                problems.add(ex.getMessage());
            }
        }
        throw new RaitException("no tape has a good copy of the " + kind + " file: " + String.join("; ", problems));
    }

    /** Each given tape's shard of the erasure-coded index that reads back good, by shard index. */
    public Map<Integer, byte[]> readIndexShards() throws IOException {
        TapeDirectory.TapeFile file = directory.file(TapeDirectory.Kind.INDEX_SHARD);
        Map<Integer, byte[]> shards = new TreeMap<>();
        if (file == null) {
            return shards;
        }
        for (Map.Entry<Integer, TapeVolumes> e : tapes.entrySet()) {
            TapeDirectory.ShardOnTape expected = file.shard(e.getKey());
            if (expected != null) {
                try {
                    shards.put(e.getKey(), readFile(e.getKey(), e.getValue(), file, expected));
                } catch (IOException ex) {
                    LOG.warn("index shard on tape {}: {}", e.getKey(), ex.getMessage());
                }
            }
        }
        return shards;
    }

    private byte[] readFile(int tape, TapeVolumes volumes, TapeDirectory.TapeFile file,
            TapeDirectory.ShardOnTape expected) throws IOException {
        TapeDirectory.Location at = directory.locate(tape, file.file());
        TapeDirectory.Volume volume = directory.volumesOf(tape).get(at.volume() - 1);
        TapeDevice device = volumes.mount(at.volume(), volume.slot(), volume.barcode());
        if (device == null) {
            throw new TapeException("tape " + tape, volumes.missing(at.volume()));
        }
        FilemarkReader.goToFile(device, at.physicalFile());
        return FilemarkReader.readChecked(device, new byte[directory.blockSize()], expected, file.file(),
                directory.blockMode());
    }

    /**
     * Starts reading chunks {@code first..last} from every tape in parallel.
     *
     * @param allShards wait for every tape's shard of each chunk (to verify them all) instead of handing
     *     out each chunk as soon as k good shards arrived
     */
    public ShardStream chunks(int first, int last, boolean allShards) {
        if (first < 1 || last > chunkCount() || first > last + 1) {
            throw new IllegalArgumentException("chunks " + first + ".." + last + " outside 1.." + chunkCount());
        }
        return new ShardStream(first, last, allShards);
    }

    /** Closes every drive (without rewinding); gives loaded cartridges back and closes the volume source. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (TapeVolumes v : tapes.values()) {
            try {
                v.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (source != null) {
            try {
                source.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Chunks in order, each with at least k good shards, read by one thread per tape. Close it to stop
     * the drive threads.
     */
    public final class ShardStream implements Closeable {
        // Every field below is the consumer's (the thread calling next/await/close); the drive threads only
        // put into results (see DriveReader for why that is a shared queue and not a Handoff).
        private final boolean allShards;
        private final int last;
        private final BlockingQueue<DriveReader.Result> results = new LinkedBlockingQueue<>();
        private final Map<Integer, DriveReader> readers = new HashMap<>();
        private final List<Thread> threads = new ArrayList<>();
        private final Map<Integer, List<DriveReader.Result>> early = new HashMap<>();
        private final Map<Integer, String> dead = new HashMap<>();
        private final Map<Integer, Integer> deadFrom = new HashMap<>();
        private int next;
        private int chunk;
        private final Map<Integer, byte[]> good = new TreeMap<>();
        private final Map<Integer, String> problems = new TreeMap<>();
        private final List<DriveReader.Result> held = new ArrayList<>();

        private ShardStream(int first, int last, boolean allShards) {
            this.allShards = allShards;
            this.last = last;
            this.next = first;
            for (Map.Entry<Integer, TapeVolumes> e : tapes.entrySet()) {
                DriveReader reader = new DriveReader(e.getKey(), e.getValue(), directory, first, last, results,
                        READ_AHEAD_CHUNKS);
                readers.put(e.getKey(), reader);
                Thread t = new Thread(reader, "ectar-tape-read-" + e.getKey());
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        /** Whether {@link #next()} has another chunk. */
        public boolean hasNext() {
            return next <= last;
        }

        /**
         * The next chunk's shards.
         *
         * @throws RaitException when fewer than k good shards of the chunk could be read
         */
        public ChunkShards next() throws IOException {
            ChunkShards shards = nextAvailable();
            if (shards.shards().size() < label.dataShards()) {
                throw new RaitException("chunk " + shards.chunk() + " cannot be restored: only "
                        + shards.shards().size() + " of the " + label.dataShards() + " shards needed are readable ("
                        + String.join("; ", shards.problems()) + ")");
            }
            return shards;
        }

        /** The next chunk's shards, however few could be read. */
        public ChunkShards nextAvailable() throws IOException {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            releaseHeld();
            chunk = next++;
            good.clear();
            problems.clear();
            for (DriveReader.Result r : early.getOrDefault(chunk, List.of())) {
                take(r);
            }
            early.remove(chunk);
            dead.forEach((tape, why) -> {
                if (deadFrom.get(tape) <= chunk) {
                    problems.putIfAbsent(tape, why);
                }
            });
            while (reported() < tapes.size() && (allShards || good.size() < label.dataShards())) {
                pump();
            }
            return snapshot();
        }

        /**
         * The current chunk's shards once tape {@code tape} has delivered (or failed to deliver) its shard,
         * for a caller that wants that shard in particular.
         */
        public ChunkShards await(int tape) throws IOException {
            while (tapes.containsKey(tape) && !good.containsKey(tape) && !problems.containsKey(tape)) {
                pump();
            }
            return snapshot();
        }

        private ChunkShards snapshot() {
            return new ChunkShards(chunk, good, new ArrayList<>(problems.values()));
        }

        private int reported() {
            return good.size() + problems.size();
        }

        private void pump() throws IOException {
            DriveReader.Result r;
            try {
                r = results.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading chunk " + chunk);
            }
            if (r instanceof DriveReader.Dead d) {
                dead.put(d.tape(), d.problem());
                deadFrom.put(d.tape(), d.chunk());
                if (d.chunk() <= chunk) {
                    problems.putIfAbsent(d.tape(), d.problem());
                }
            } else if (r.chunk() < chunk) {
                readers.get(r.tape()).consumed();
            } else if (r.chunk() > chunk) {
                early.computeIfAbsent(r.chunk(), c -> new ArrayList<>()).add(r);
            } else {
                take(r);
            }
        }

        private void take(DriveReader.Result r) {
            held.add(r);
            if (r instanceof DriveReader.Shard s) {
                good.put(s.tape(), s.data());
            } else if (r instanceof DriveReader.Missing m) {
                problems.put(m.tape(), m.problem());
            } else {
                throw new IllegalStateException("a dead drive's report is no shard: " + r);
            }
        }

        private void releaseHeld() {
            for (DriveReader.Result r : held) {
                readers.get(r.tape()).consumed();
            }
            held.clear();
        }

        /**
         * Stops the drive threads, waiting for each to finish the tape file it is reading: the drives
         * must be idle before anyone else positions them.
         */
        @Override
        public void close() {
            readers.values().forEach(DriveReader::stop);
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
