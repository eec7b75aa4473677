package io.shadowcat.storage.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.support.FileMode;
import io.shadowcat.storage.support.FileProblem;
import io.shadowcat.tape.TapeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An append-only, hash-chained audit log: one JSON object a line,
 *
 * <pre>
 * {"seq":7,"time":"2026-12-03T12:00:00.123Z","operation":"delete","tapes":["t1"],"outcome":"refused",
 *  "detail":"LegalHoldException","actor":{"user":"ann@host","pid":4242,"name":"ticket-991"},
 *  "prev":"&lt;hash of line 6&gt;","hash":"&lt;SHA-256 of this line up to prev&gt;"}
 * </pre>
 *
 * <p>{@code hash} is the SHA-256 (hex) of the line as written without its {@code ,"hash":...} ending (plus the
 * closing brace), and {@code prev} is the hash of the line before ({@code 0} x 64 for the first), with
 * {@code seq} counting from 1: an edited line fails its own hash, a removed or reordered one breaks
 * {@code prev} or {@code seq} of the next. What the chain cannot show is lines cut off the end, or a whole log
 * rewritten with new hashes: ship the log (or its last hash) somewhere the writer cannot change.
 *
 * <p>Each append takes an exclusive lock on the file (processes) and a lock per path (threads of this
 * process), reads the last line's hash, writes the line and forces it to disk before returning. A line cut
 * short by a crash is ended with a newline and left for {@link #verify} to report; the chain goes on from the
 * line before it. Created owner-only ({@code rw-------}).
 */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENESIS = "0".repeat(64);
    private static final Pattern ENDING = Pattern.compile(",\"hash\":\"([0-9a-f]{64})\"}$");
    private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d+),");
    private static final ConcurrentHashMap<Path, Object> PATH_LOCKS = new ConcurrentHashMap<>();
    private static final int MAX_TAPES_LISTED = 100;

    private final Path path;
    private final Object lock;
    private final Actor actor = Actor.current();

    private AuditLog(Path path) {
        this.path = path;
        this.lock = PATH_LOCKS.computeIfAbsent(path, p -> new Object());
    }

    /**
     * The log at {@code path}, created (owner-only) when missing; its directory must exist.
     *
     * @throws StorageException when it cannot be created or written
     */
    public static AuditLog open(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            try {
                Files.createFile(abs, FileMode.PRIVATE.fileAttributes());
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process created it first
            } catch (IOException e) {
                throw new StorageException("cannot create audit log " + abs + ": " + FileProblem.describe(e)
                        + "; check that its directory exists and is writable (audit_log setting)", e);
            }
        }
        if (!Files.isRegularFile(abs) || !Files.isWritable(abs)) {
            throw new StorageException("audit log " + abs + " is not a writable file (audit_log setting)");
        }
        return new AuditLog(abs);
    }

    public Path path() {
        return path;
    }

    /** Appends one line and forces it to disk. @throws StorageException when it cannot be written */
    public void append(AuditOperation operation, List<TapeId> tapes, AuditOutcome outcome, String detail) {
        synchronized (lock) {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                Tail tail = tail(ch);
                long end = ch.size();
                if (tail.torn()) {
                    end += write(ch, end, "\n");
                }
                String body = body(tail.seq() + 1, operation, tapes, outcome, detail, tail.hash());
                String line = body.substring(0, body.length() - 1) + ",\"hash\":\"" + sha256(body) + "\"}\n";
                write(ch, end, line);
                ch.force(false);
            } catch (IOException e) {
                throw new StorageException("cannot append to audit log " + path + ": " + FileProblem.describe(e)
                        + "; the operation (" + operation.text() + ") was done but is not audited", e);
            }
        }
    }

    private String body(long seq, AuditOperation op, List<TapeId> tapes, AuditOutcome outcome, String detail,
                        String prev) {
        ObjectNode o = JSON.createObjectNode();
        o.put("seq", seq);
        o.put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        o.put("operation", op.text());
        ArrayNode ids = o.putArray("tapes");
        tapes.stream().limit(MAX_TAPES_LISTED).forEach(t -> ids.add(t.value()));
        if (tapes.size() > MAX_TAPES_LISTED) {
            o.put("tapes_total", tapes.size());
        }
        o.put("outcome", outcome.text());
        if (detail != null) {
            o.put("detail", detail);
        }
        ObjectNode a = o.putObject("actor");
        a.put("user", actor.user());
        a.put("pid", actor.pid());
        if (actor.name() != null) {
            a.put("name", actor.name());
        }
        o.put("prev", prev);
        return o.toString();
    }

    /**
     * Checks every line of the log at {@code path}: its own hash, its {@code prev} against the line before,
     * and {@code seq} counting up by one.
     *
     * @throws StorageException when the file cannot be read
     */
    public static AuditVerification verify(Path path) {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String prev = GENESIS;
            long n = 0;
            String line;
            while ((line = r.readLine()) != null) {
                n++;
                Matcher end = ENDING.matcher(line);
                if (!end.find()) {
                    return new AuditVerification(n, n, "not an audit record (no hash at its end: cut short, or edited)");
                }
                String body = line.substring(0, end.start()) + "}";
                if (!sha256(body).equals(end.group(1))) {
                    return new AuditVerification(n, n, "its hash does not match its content (the line was edited)");
                }
                JsonNode o;
                try {
                    o = JSON.readTree(body);
                } catch (IOException e) {
                    return new AuditVerification(n, n, "not valid JSON");
                }
                if (!prev.equals(o.path("prev").asText())) {
                    return new AuditVerification(n, n, "it does not follow the line before it (a line before it was "
                            + "removed, or lines were reordered)");
                }
                if (o.path("seq").asLong() != n) {
                    return new AuditVerification(n, n, "its seq is " + o.path("seq").asLong() + ", expected " + n
                            + " (lines were removed or reordered)");
                }
                prev = end.group(1);
            }
            return new AuditVerification(n, 0, null);
        } catch (NoSuchFileException e) {
            throw new StorageException("no audit log at " + path, e);
        } catch (IOException e) {
            throw new StorageException("cannot read audit log " + path + ": " + FileProblem.describe(e), e);
        }
    }

    /** The last complete line's seq and hash, and whether a torn line follows it. */
    private Tail tail(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return new Tail(0, GENESIS, false);
        }
        int want = (int) Math.min(size, 1 << 20);
        ByteBuffer buf = ByteBuffer.allocate(want);
        long from = size - want;
        while (buf.hasRemaining()) {
            if (ch.read(buf, from + buf.position()) < 0) {
                break;
            }
        }
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        boolean torn = !text.endsWith("\n");
        int stop = torn ? text.lastIndexOf('\n') : text.length() - 1;
        if (stop < 0) {
            if (from == 0) {
                return new Tail(0, GENESIS, true);
            }
            throw damaged("its last line is longer than 1 MiB");
        }
        int start = text.lastIndexOf('\n', stop - 1) + 1;
        if (start == 0 && from > 0) {
            throw damaged("its last line is longer than 1 MiB");
        }
        String last = text.substring(start, stop);
        Matcher end = ENDING.matcher(last);
        Matcher seq = SEQ.matcher(last);
        if (!end.find() || !seq.find()) {
            throw damaged("its last complete line is not an audit record");
        }
        return new Tail(Long.parseLong(seq.group(1)), end.group(1), torn);
    }

    private StorageException damaged(String why) {
        return new StorageException("audit log " + path + " cannot be continued: " + why + "; run shadowcat audit "
                + "verify " + path + ", then move the file aside (keep it) to start a new log");
    }

    private static int write(FileChannel ch, long at, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        int n = b.remaining();
        long pos = at;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
        return n;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private record Tail(long seq, String hash, boolean torn) {
    }
}
