package io.ectar.archive;

import io.ectar.internal.io.BulkInputStream;
import io.ectar.format.ArchiveNames;
import io.ectar.format.ShardName;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An archive stored as files {@code BASE.cNNN.sMM}, {@code BASE.index.zst} and {@code BASE.index.sMM} in one directory. */
public final class DirectoryShardSource implements ShardSource {

    private final Path dir;
    private final ArchiveNames names;
    private SortedMap<Integer, SortedMap<Integer, Long>> chunks;
    private SortedMap<Integer, Long> indexShards;

    /** The archive {@code base} in {@code dir}; nothing is read yet. */
    public DirectoryShardSource(Path dir, String base) {
        this.dir = dir;
        this.names = new ArchiveNames(base);
    }

    /** The directory the archive is in. */
    public Path directory() {
        return dir;
    }

    @Override
    public String base() {
        return names.base();
    }

    @Override
    public String describe() {
        return dir.resolve(names.base()).toString();
    }

    /** Whether any file of the archive is there. */
    public boolean exists() throws IOException {
        scan();
        return !chunks.isEmpty() || !indexShards.isEmpty() || Files.exists(dir.resolve(names.indexFile()));
    }

    @Override
    public SortedMap<Integer, SortedMap<Integer, Long>> chunkShards() throws IOException {
        scan();
        return chunks;
    }

    @Override
    public SortedMap<Integer, Long> indexShards() throws IOException {
        scan();
        return indexShards;
    }

    private void scan() throws IOException {
        if (chunks != null) {
            return;
        }
        SortedMap<Integer, SortedMap<Integer, Long>> found = new TreeMap<>();
        SortedMap<Integer, Long> index = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                Optional<ShardName> shard = ShardName.parse(n).filter(s -> s.base().equals(names.base()));
                Optional<Integer> indexShard = names.indexShardNumber(n);
                if (shard.isEmpty() && indexShard.isEmpty() || !Files.isRegularFile(p)) {
                    continue;
                }
                long size = Files.size(p);
                if (shard.isPresent()) {
                    found.computeIfAbsent(shard.get().chunk(), c -> new TreeMap<>()).put(shard.get().shard(), size);
                } else {
                    index.put(indexShard.get(), size);
                }
            }
        }
        chunks = found;
        indexShards = index;
    }

    @Override
    public Optional<byte[]> readIndexFile(long maxBytes) throws IOException {
        Path file = dir.resolve(names.indexFile());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file, maxBytes));
    }

    @Override
    public Optional<InputStream> openIndexFile() throws IOException {
        Path file = dir.resolve(names.indexFile());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(new BufferedInputStream(Channels.newInputStream(open(file)), 1 << 16));
    }

    @Override
    public long indexFileLength() throws IOException {
        Path file = dir.resolve(names.indexFile());
        return Files.isRegularFile(file) ? Files.size(file) : -1;
    }

    @Override
    public InputStream openIndexShard(int shard, long maxBytes) throws IOException {
        InputStream in = Channels.newInputStream(open(dir.resolve(names.indexShard(shard))));
        return new BufferedInputStream(new BoundedInputStream(in, maxBytes), 1 << 16);
    }

    /** Whether {@code BASE.RECOVERY.txt} is there. */
    @Override
    public boolean writerFinished() {
        return Files.isRegularFile(dir.resolve(names.recoveryFile()));
    }

    @Override
    public byte[] readShard(int chunk, int shard, long maxBytes) throws IOException {
        return read(dir.resolve(names.shard(chunk, shard)), maxBytes);
    }

    @Override
    public byte[] readIndexShard(int shard, long maxBytes) throws IOException {
        return read(dir.resolve(names.indexShard(shard)), maxBytes);
    }

    @Override
    public int readShard(int chunk, int shard, byte[] into) throws IOException {
        Path file = dir.resolve(names.shard(chunk, shard));
        try (FileChannel channel = open(file)) {
            return readFully(channel, ByteBuffer.wrap(into));
        }
    }

    /**
     * Reads at most {@code maxBytes} of {@code file} into an array of the file's size, in as few system calls
     * as the kernel allows (shards are megabytes; reading them in small steps and joining costs copies).
     */
    private static byte[] read(Path file, long maxBytes) throws IOException {
        int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        try (FileChannel channel = open(file)) {
            byte[] bytes = new byte[(int) Math.min(limit, channel.size())];
            int n = readFully(channel, ByteBuffer.wrap(bytes));
            if (n < bytes.length) {
                return Arrays.copyOf(bytes, n);
            }
            if (bytes.length == limit) {
                return bytes;
            }
            // The file grew since its size was taken: the rest, as far as the limit allows.
            byte[] more = Channels.newInputStream(channel).readNBytes(limit - bytes.length);
            byte[] all = Arrays.copyOf(bytes, bytes.length + more.length);
            System.arraycopy(more, 0, all, bytes.length, more.length);
            return all;
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /** Reads until {@code into} is full or the file ends; the number of bytes read. */
    private static int readFully(FileChannel channel, ByteBuffer into) throws IOException {
        while (into.hasRemaining() && channel.read(into) >= 0) {
            // until full, or the file ends
        }
        return into.position();
    }

    @Override
    public void close() {
        // Files are opened per read.
    }

    /** At most {@code left} bytes of a stream: a too-long file shows as one byte more than expected. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            return BulkInputStream.readOne(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
