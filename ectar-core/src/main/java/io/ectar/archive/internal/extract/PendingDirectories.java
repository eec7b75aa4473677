package io.ectar.archive.internal.extract;

import io.ectar.archive.internal.read.TarHeader;
import io.ectar.internal.io.SpillFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * The directories an extraction created, whose modes and times are applied at the end, deepest first (a
 * read-only directory would refuse its children, and every file created in a directory changes its time).
 * Up to {@link #IN_MEMORY} are held; beyond, all go to a temporary file and are applied in one pass over it
 * per depth, so that an archive of millions of directories is extracted in bounded memory.
 */
public final class PendingDirectories implements Closeable {

    static final int IN_MEMORY = 4096;

    /** What is applied to one directory. */
    public record Pending(Path dir, int depth, TarHeader header) {
    }

    /** Applies one directory's mode and times. */
    @FunctionalInterface
    public interface Apply {
        void to(Pending d) throws IOException;
    }

    private List<Pending> memory = new ArrayList<>();
    private SpillFile file;
    private DataOutputStream out;
    private final BitSet depths = new BitSet();

    public void add(Path dir, int depth, TarHeader h) throws IOException {
        if (memory != null) {
            memory.add(new Pending(dir, depth, h));
            if (memory.size() <= IN_MEMORY) {
                return;
            }
            file = SpillFile.create("ectar-extract-", "directories to finish");
            out = new DataOutputStream(new BufferedOutputStream(file.appending(), 64 << 10));
            List<Pending> held = memory;
            memory = null;
            for (Pending p : held) {
                write(p);
            }
            return;
        }
        write(new Pending(dir, depth, h));
    }

    private void write(Pending p) throws IOException {
        depths.set(p.depth());
        out.writeInt(p.depth());
        bytes(p.dir().toString());
        TarHeader h = p.header();
        bytes(h.name());
        out.writeInt(h.mode());
        out.writeLong(h.mtime().getEpochSecond());
        out.writeInt(h.mtime().getNano());
        out.writeLong(h.uid());
        out.writeLong(h.gid());
        bytes(h.user());
        bytes(h.group());
        out.writeLong(h.offset());
    }

    private void bytes(String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Gives every directory to {@code apply}, deepest first; then forgets them. */
    public void applyAll(Apply apply) throws IOException {
        if (memory != null) {
            memory.sort(Comparator.comparingInt(Pending::depth).reversed());
            List<Pending> all = memory;
            memory = new ArrayList<>();
            for (Pending p : all) {
                apply.to(p);
            }
            return;
        }
        out.flush();
        for (int depth = depths.length() - 1; depth >= 0; depth = depths.previousSetBit(depth - 1)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(file.reading(), 64 << 10))) {
                while (true) {
                    int d;
                    try {
                        d = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    Pending p = read(in, d);
                    if (d == depth) {
                        apply.to(p);
                    }
                }
            }
            if (depth == 0) {
                break;
            }
        }
        close();
        memory = new ArrayList<>();
        depths.clear();
    }

    private static Pending read(DataInputStream in, int depth) throws IOException {
        Path dir = Path.of(string(in));
        String name = string(in);
        int mode = in.readInt();
        Instant mtime = Instant.ofEpochSecond(in.readLong(), in.readInt());
        long uid = in.readLong();
        long gid = in.readLong();
        String user = string(in);
        String group = string(in);
        long offset = in.readLong();
        return new Pending(dir, depth, new TarHeader(name, '5', 0, mode, mtime, uid, gid, user, group, null, offset,
                null));
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
            out = null;
        }
    }
}
