package io.ectar.archive.internal.read;

import io.ectar.archive.ArchiveException;
import io.ectar.archive.DataLostException;
import io.ectar.archive.FileNames;
import io.ectar.internal.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a POSIX tar stream: ustar headers with pax ({@code x}, {@code g}) and GNU long-name ({@code L},
 * {@code K}) extensions, base-256 numbers, sub-second pax times. Names are reported exactly as archived
 * (no stripping of {@code /} or {@code ..}): judging them is the extractor's job.
 *
 * <p>Every header's checksum is verified. {@link #next()} skips whatever is left of the previous entry.
 */
public final class TarReader {

    private static final int RECORD = 512;

    /**
     * The largest pax extended header or GNU long name read (a path is at most 4096 bytes on Linux); a larger
     * one is skipped without being held, and its entry refused.
     */
    static final long MAX_EXTENSION = 1 << 20;

    private final InputStream in;
    private final ChunkSequence positions;
    private final byte[] record = new byte[RECORD];
    private final Map<String, String> globalPax = new HashMap<>();
    private long dataLeft;
    private long paddingLeft;
    private boolean endMarker;
    private long position;
    private String problem;

    /** @param positions the stream's position source when it is a {@link ChunkSequence}, else null */
    TarReader(InputStream in, ChunkSequence positions) {
        this.in = in;
        this.positions = positions;
    }

    /** Whether the two-zero-record end marker (or one zero record at the very end) was read. */
    boolean sawEndMarker() {
        return endMarker;
    }

    /** The next entry's header, or null at the end of the archive. */
    TarHeader next() throws IOException {
        skipRest();
        Map<String, String> pax = new HashMap<>(globalPax);
        String longName = null;
        String longLink = null;
        long offset = -1;
        problem = null;
        while (true) {
            long here = positions != null ? positions.delivered() : position;
            if (!readRecord()) {
                return null; // the stream ended without an end marker: the caller checks sawEndMarker()
            }
            if (isZero(record)) {
                endMarker = true;
                return null;
            }
            if (offset < 0) {
                offset = here;
            }
            if (!checksumMatches(record)) {
                throw new ArchiveException("corrupt tar header at byte " + here + " of the tar stream"
                        + " (checksum mismatch)");
            }
            char type = (char) (record[156] & 0xFF);
            long size;
            try {
                size = number(record, 124, 12);
            } catch (NumberFormatException e) {
                throw new ArchiveException("corrupt tar header at byte " + here + " of the tar stream (bad size)");
            }
            if (size < 0) {
                throw new ArchiveException("corrupt tar header at byte " + here + " of the tar stream (negative size "
                        + size + ")");
            }
            boolean extension = type == 'x' || type == 'g' || type == 'L' || type == 'K';
            if (extension && size > MAX_EXTENSION) {
                // Bounded before anything is allocated; the stream stays in step, only this entry is refused.
                skip(size + padding(size));
                problem("its " + (type == 'L' || type == 'K' ? "GNU long name" : "pax extended header") + " is "
                        + size + " bytes, more than the " + (MAX_EXTENSION >> 20) + " MiB ectar reads");
                continue;
            }
            switch (type) {
                case 'x' -> pax.putAll(parsePaxOrNote(readData(size)));
                case 'g' -> {
                    Map<String, String> g = parsePaxOrNote(readData(size));
                    globalPax.putAll(g);
                    pax.putAll(g);
                }
                case 'L' -> longName = cString(readData(size), "name");
                case 'K' -> longLink = cString(readData(size), "link target");
                default -> {
                    try {
                        return header(type, size, pax, longName, longLink, offset);
                    } catch (RuntimeException e) {
                        throw new ArchiveException("corrupt tar header at byte " + offset + " of the tar stream ("
                                + e.getMessage() + ")");
                    }
                }
            }
        }
    }

    private TarHeader header(char type, long size, Map<String, String> pax, String longName, String longLink,
            long offset) {
        String prefix = string(record, 345, 155, "name");
        String name = string(record, 0, 100, "name");
        if (!prefix.isEmpty() && isUstar(record)) {
            name = prefix + "/" + name;
        }
        name = pax.getOrDefault("path", longName != null ? longName : name);
        String link = pax.getOrDefault("linkpath", longLink != null ? longLink : string(record, 157, 100,
                "link target"));
        // A bad pax number refuses this entry only: the ustar field stands in, which keeps the stream in step.
        size = paxNumber(pax, "size", size);
        int mode = (int) (number(record, 100, 8) & 07777);
        long uid = paxNumber(pax, "uid", number(record, 108, 8));
        long gid = paxNumber(pax, "gid", number(record, 116, 8));
        Instant mtime = Instant.ofEpochSecond(number(record, 136, 12));
        if (pax.containsKey("mtime")) {
            Instant t = PaxTime.parse(pax.get("mtime"));
            if (t == null) {
                problem("its pax mtime '" + shortened(pax.get("mtime")) + "' is not a time");
            } else {
                mtime = t;
            }
        }
        // (owner names only label the numeric ids: not UTF-8, they are shown with replacement characters)
        String user = pax.getOrDefault("uname", string(record, 265, 32, null));
        String group = pax.getOrDefault("gname", string(record, 297, 32, null));
        boolean hasData = type != '1' && type != '2' && type != '3' && type != '4' && type != '5' && type != '6';
        dataLeft = hasData ? size : 0;
        paddingLeft = padding(dataLeft);
        return new TarHeader(name, type, hasData ? size : 0, mode, mtime, uid, gid, user.isEmpty() ? null : user,
                group.isEmpty() ? null : group, link.isEmpty() ? null : link, offset, problem);
    }

    /** A pax number ({@code size}, {@code uid}, {@code gid}): decimal digits, at most 18 of them. */
    private long paxNumber(Map<String, String> pax, String key, long fallback) {
        String v = pax.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            problem("its pax " + key + " '" + shortened(v) + "' is not a valid " + key);
            return fallback;
        }
        return Long.parseLong(v);
    }

    /** Notes why the entry being read cannot be trusted (the first reason wins). */
    private void problem(String why) {
        if (problem == null) {
            problem = why;
        }
    }

    /** Text from the archive in a message: at most 64 characters of it. */
    public static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "... (" + text.length() + " characters)";
    }

    private Map<String, String> parsePaxOrNote(byte[] data) {
        try {
            return parsePax(data);
        } catch (ArchiveException e) {
            problem(e.getMessage());
            return Map.of();
        }
    }

    /** The current entry's data; reading past it returns -1. */
    InputStream data() {
        return new BulkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (dataLeft == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, dataLeft));
                if (n < 0) {
                    throw new DataLostException("the archive ends in the middle of an entry's data;"
                            + " its last chunks are missing");
                }
                dataLeft -= n;
                position += n;
                return n;
            }
        };
    }

    private void skipRest() throws IOException {
        skip(dataLeft + paddingLeft);
        dataLeft = 0;
        paddingLeft = 0;
    }

    private void skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(Math.max(n, 1), 64 << 10)];
        while (n > 0) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, n));
            if (r < 0) {
                throw new DataLostException("the archive ends in the middle of an entry; its last chunks are missing");
            }
            n -= r;
            position += r;
        }
    }

    private byte[] readData(long size) throws IOException {
        if (size < 0 || size > (64 << 20)) {
            throw new ArchiveException("tar extension header of " + size + " bytes is implausible; the stream is corrupt");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new DataLostException("the archive ends inside a tar header; its last chunks are missing");
        }
        position += size;
        skip(padding(size));
        return data;
    }

    private boolean readRecord() throws IOException {
        int n = in.readNBytes(record, 0, RECORD);
        position += n;
        if (n == 0) {
            return false;
        }
        if (n < RECORD) {
            throw new DataLostException("the archive ends inside a tar header; its last chunks are missing");
        }
        return true;
    }

    private static long padding(long size) {
        return (RECORD - size % RECORD) % RECORD;
    }

    /** Whether a 512-byte record is a plausible tar header: a valid checksum and the ustar magic. */
    static boolean isHeaderRecord(byte[] r) {
        return !isZero(r) && isUstar(r) && checksumMatches(r);
    }

    private static boolean isUstar(byte[] r) {
        return r[257] == 'u' && r[258] == 's' && r[259] == 't' && r[260] == 'a' && r[261] == 'r';
    }

    private static boolean isZero(byte[] r) {
        for (byte b : r) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumMatches(byte[] r) {
        long stored;
        try {
            stored = number(r, 148, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        // The checksum field itself counts as eight spaces. Two plain loops: this runs for every header,
        // often before the JIT has compiled it.
        long unsigned = 8 * ' ';
        long signed = 8 * ' ';
        for (int i = 0; i < 148; i++) {
            unsigned += r[i] & 0xFF;
            signed += r[i];
        }
        for (int i = 156; i < RECORD; i++) {
            unsigned += r[i] & 0xFF;
            signed += r[i];
        }
        return stored == unsigned || stored == signed;
    }

    /** An octal field (NUL/space terminated), or a base-256 one when the high bit of its first byte is set. */
    public static long number(byte[] r, int off, int len) {
        if ((r[off] & 0x80) != 0) {
            // two's complement, the marker bit aside: 0xFF... is -1; more than 64 bits of value is corrupt
            long v = (r[off] & 0x3F) | ((r[off] & 0x40) != 0 ? ~0x3FL : 0);
            for (int i = 1; i < len; i++) {
                if (v >> 55 != v >> 63) {
                    throw new NumberFormatException("base-256 number too large in tar header");
                }
                v = v << 8 | (r[off + i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (r[i] == ' ' || r[i] == 0)) {
            i++;
        }
        for (; i < end && r[i] >= '0' && r[i] <= '7'; i++) {
            v = v * 8 + (r[i] - '0');
        }
        for (; i < end; i++) {
            if (r[i] != ' ' && r[i] != 0) {
                throw new NumberFormatException("bad octal field in tar header");
            }
        }
        return v;
    }

    private String string(byte[] r, int off, int len, String what) {
        int end = off;
        while (end < off + len && r[end] != 0) {
            end++;
        }
        return utf8(r, off, end - off, what);
    }

    private String cString(byte[] data, String what) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return utf8(data, 0, end, what);
    }

    /**
     * Text of a field; in a name ({@code what} says which) bytes that are not UTF-8 would come back as another
     * name, so they refuse the entry.
     */
    private String utf8(byte[] b, int off, int len, String what) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                String text = new String(b, off, len, StandardCharsets.UTF_8);
                if (what != null && !sameBytes(text, b, off, off + len)) {
                    problem("its " + what + " " + FileNames.printable(Arrays.copyOfRange(b, off, off + len))
                            + " is not valid UTF-8");
                }
                return text;
            }
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: the cheapest decoder
    }

    /** Whether {@code text} is exactly {@code b[from, to)} as UTF-8 (it is not when decoding replaced bytes). */
    private static boolean sameBytes(String text, byte[] b, int from, int to) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(utf8, 0, utf8.length, b, from, to);
    }

    /** Parses pax records {@code "LEN key=value\n"}; lengths count bytes, values may hold newlines. */
    static Map<String, String> parsePax(byte[] data) throws ArchiveException {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        while (i < data.length) {
            if (data[i] == 0) {
                break;
            }
            int space = i;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new ArchiveException("corrupt pax header record; the tar stream is damaged");
            }
            // (len > data.length - i, not i + len > data.length: a huge length would overflow)
            if (len <= space - i + 1 || len > data.length - i || data[i + len - 1] != '\n') {
                throw new ArchiveException("corrupt pax header record length " + len + "; the tar stream is damaged");
            }
            String kv = new String(data, space + 1, i + len - 1 - (space + 1), StandardCharsets.UTF_8);
            int valueStart = space + 1 + kv.indexOf('=') + 1;
            if (kv.indexOf('\uFFFD') >= 0 && (kv.startsWith("path=") || kv.startsWith("linkpath="))
                    && !sameBytes(kv, data, space + 1, i + len - 1)) {
                throw new ArchiveException("its pax " + kv.substring(0, kv.indexOf('=')) + " " + shortened(
                        FileNames.printable(Arrays.copyOfRange(data, valueStart, i + len - 1))) + " is not valid UTF-8");
            }
            int eq = kv.indexOf('=');
            if (eq > 0) {
                String value = kv.substring(eq + 1);
                if (value.isEmpty()) {
                    out.remove(kv.substring(0, eq));
                } else {
                    out.put(kv.substring(0, eq), value);
                }
            }
            i += len;
        }
        return out;
    }
}
