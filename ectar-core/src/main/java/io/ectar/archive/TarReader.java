package io.ectar.archive;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a POSIX tar stream: ustar headers with pax ({@code x}, {@code g}) and GNU long-name ({@code L},
 * {@code K}) extensions, base-256 numbers, sub-second pax times. Names are reported exactly as archived
 * (no stripping of {@code /} or {@code ..}): judging them is the extractor's job.
 *
 * <p>Every header's checksum is verified. {@link #next()} skips whatever is left of the previous entry.
 */
final class TarReader {

    private static final int RECORD = 512;

    private final InputStream in;
    private final ChunkSequence positions;
    private final byte[] record = new byte[RECORD];
    private final Map<String, String> globalPax = new HashMap<>();
    private long dataLeft;
    private long paddingLeft;
    private boolean endMarker;
    private long position;

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
            switch (type) {
                case 'x' -> pax.putAll(parsePax(readData(size)));
                case 'g' -> {
                    Map<String, String> g = parsePax(readData(size));
                    globalPax.putAll(g);
                    pax.putAll(g);
                }
                case 'L' -> longName = cString(readData(size));
                case 'K' -> longLink = cString(readData(size));
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
        String prefix = string(record, 345, 155);
        String name = string(record, 0, 100);
        if (!prefix.isEmpty() && isUstar(record)) {
            name = prefix + "/" + name;
        }
        name = pax.getOrDefault("path", longName != null ? longName : name);
        String link = pax.getOrDefault("linkpath", longLink != null ? longLink : string(record, 157, 100));
        size = pax.containsKey("size") ? Long.parseLong(pax.get("size")) : size;
        int mode = (int) (number(record, 100, 8) & 07777);
        long uid = pax.containsKey("uid") ? Long.parseLong(pax.get("uid")) : number(record, 108, 8);
        long gid = pax.containsKey("gid") ? Long.parseLong(pax.get("gid")) : number(record, 116, 8);
        Instant mtime = pax.containsKey("mtime") ? paxTime(pax.get("mtime"))
                : Instant.ofEpochSecond(number(record, 136, 12));
        String user = pax.getOrDefault("uname", string(record, 265, 32));
        String group = pax.getOrDefault("gname", string(record, 297, 32));
        boolean hasData = type != '1' && type != '2' && type != '3' && type != '4' && type != '5' && type != '6';
        dataLeft = hasData ? size : 0;
        paddingLeft = padding(dataLeft);
        return new TarHeader(name, type, hasData ? size : 0, mode, mtime, uid, gid, user.isEmpty() ? null : user,
                group.isEmpty() ? null : group, link.isEmpty() ? null : link, offset);
    }

    /** The current entry's data; reading past it returns -1. */
    InputStream data() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

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
    static long number(byte[] r, int off, int len) {
        if ((r[off] & 0x80) != 0) {
            long v = r[off] & 0x3F;
            boolean negative = (r[off] & 0x40) != 0;
            for (int i = 1; i < len; i++) {
                v = v << 8 | (r[off + i] & 0xFF);
            }
            return negative ? v - (1L << (6 + 8 * (len - 1))) : v;
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

    private static String string(byte[] r, int off, int len) {
        int end = off;
        while (end < off + len && r[end] != 0) {
            end++;
        }
        return new String(r, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
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
            if (len <= 0 || i + len > data.length || data[i + len - 1] != '\n') {
                throw new ArchiveException("corrupt pax header record length " + len + "; the tar stream is damaged");
            }
            String kv = new String(data, space + 1, i + len - 1 - (space + 1), StandardCharsets.UTF_8);
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

    private static Instant paxTime(String v) {
        BigDecimal t = new BigDecimal(v);
        BigDecimal seconds = t.setScale(0, java.math.RoundingMode.FLOOR);
        int nanos = t.subtract(seconds).movePointRight(9).intValue();
        return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
    }
}
