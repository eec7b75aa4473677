package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds a file tree full of what breaks archivers, and compares trees entry by entry. */
public final class TrickyTree {

    static final Instant Y1985 = Instant.parse("1985-06-15T12:34:56.123456789Z");
    static final Instant Y2090 = Instant.parse("2090-01-02T03:04:05Z");

    private TrickyTree() {
    }

    /** Creates the tree under {@code root} (which must not exist); {@code bigBytes} of random data in one file. */
    public static Path create(Path root, int bigBytes, long seed) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(root);
        write(root.resolve("plain.txt"), "hello, tar\n".repeat(100));
        write(root.resolve("caf\u00e9 NFC.txt"), "composed");
        write(root.resolve("cafe\u0301 NFD.txt"), "decomposed");
        write(root.resolve("\u65e5\u672c\u8a9e \ud83d\udcbe.txt"), "unicode");
        write(root.resolve("new\nline"), "a name with a newline");
        write(root.resolve("quo\"te's, comma.csv"), "quotes");
        write(root.resolve("x".repeat(200)), "a 200-character name");
        Path deep = root.resolve("deep");
        for (int i = 1; i <= 40; i++) {
            deep = deep.resolve("d" + i);
        }
        Files.createDirectories(deep);
        write(deep.resolve("bottom.txt"), "40 levels down");
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createFile(root.resolve("empty-file"));
        Path secret = root.resolve("secret");
        write(secret, "0600");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path tool = root.resolve("tool.sh");
        write(tool, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("link-relative"), Path.of("plain.txt"));
        Files.createSymbolicLink(root.resolve("link-dangling"), Path.of("no/such/file"));
        Files.createSymbolicLink(root.resolve("link-absolute"), Path.of("/nonexistent/absolute/target"));
        Files.createSymbolicLink(root.resolve("link-to-dir"), Path.of("deep/d1"));
        write(root.resolve("hard-a"), "shared inode");
        Files.createLink(root.resolve("hard-b"), root.resolve("hard-a"));
        try (RandomAccessFile sparse = new RandomAccessFile(root.resolve("sparse.img").toFile(), "rw")) {
            sparse.setLength(1 << 20);
            sparse.seek((1 << 20) - 5);
            sparse.write("tail!".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] big = new byte[bigBytes];
        random.nextBytes(big);
        Files.write(root.resolve("incompressible.bin"), big);
        Path old = root.resolve("from-1985.txt");
        write(old, "old");
        Files.setLastModifiedTime(old, FileTime.from(Y1985));
        Path future = root.resolve("from-2090.txt");
        write(future, "future");
        Files.setLastModifiedTime(future, FileTime.from(Y2090));
        Path oldDir = root.resolve("dir-1985");
        Files.createDirectories(oldDir);
        write(oldDir.resolve("inside"), "x");
        Files.setLastModifiedTime(oldDir, FileTime.from(Y1985));
        return root;
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** Every entry under {@code root}, by relative path: type, mode, mtime (to the microsecond), size, hash or target. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String rel = root.relativize(p).toString();
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what;
                if (a.isSymbolicLink()) {
                    what = "link -> " + Files.readSymbolicLink(p);
                } else {
                    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                    String time = a.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS).toString();
                    what = (a.isDirectory() ? "dir" : "file " + a.size() + " " + sha256(p)) + " mode "
                            + Integer.toOctalString(mode) + " mtime " + time;
                }
                out.put(rel, what);
            }
        }
        return out;
    }

    /** Asserts both trees hold the same entries, and that hard links in {@code copy} share an inode. */
    public static void assertSame(Path original, Path copy) throws IOException {
        Map<String, String> want = describe(original);
        want.remove("");
        Map<String, String> got = describe(copy);
        got.remove("");
        assertThat(got).containsExactlyInAnyOrderEntriesOf(want);
    }

    static String sha256(Path p) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(Files.readAllBytes(p));
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
