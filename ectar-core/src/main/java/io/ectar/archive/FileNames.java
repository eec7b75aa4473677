package io.ectar.archive;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * File names as bytes and as the UTF-8 text an archive stores.
 *
 * <p>Java turns every file name into a {@code String} through the encoding it took from the locale at start-up
 * ({@code sun.jnu.encoding}): under {@code LANG=C} that is ASCII, and every non-ASCII name comes back as
 * replacement characters; even under a UTF-8 locale a name whose bytes are not valid UTF-8
 * ({@code latin1-\xe9t\xe9}) does. Such a name cannot be stored, nor opened again from its text (the text
 * names another file, or none). This class tells whether a name survives the trip, and shows the bytes
 * of one that does not, so that it can be refused by name instead of being lost or mixed up in silence.
 */
public final class FileNames {

    /** The encoding this JVM maps file names through. */
    static final Charset JNU = jnuEncoding();

    private static final boolean JNU_UTF8 = JNU.equals(StandardCharsets.UTF_8);
    private static final char REPLACEMENT = '\uFFFD';

    private FileNames() {
    }

    /**
     * Why this JVM cannot represent file names faithfully, empty when it can (its file name encoding is
     * UTF-8). Meant for a check at start-up: every later name would be refused or mangled otherwise.
     */
    public static Optional<String> encodingProblem() {
        if (JNU_UTF8) {
            return Optional.empty();
        }
        return Optional.of("this Java runs with the file name encoding " + JNU.name() + " (taken from the locale:"
                + " LC_ALL, LC_CTYPE or LANG), which cannot represent non-ASCII file names; run ectar through its"
                + " launcher (./ectar), which sets a UTF-8 locale, or set LC_ALL=C.UTF-8");
    }

    /**
     * Whether {@code name}'s text stands for exactly its bytes: valid UTF-8 that Java decoded without loss.
     * Cheap for the common case (no replacement character, and ASCII unless the JVM maps names as UTF-8).
     */
    public static boolean carried(Path name) {
        String text = name.toString();
        if (text.indexOf(REPLACEMENT) < 0 && (JNU_UTF8 || isAscii(text))) {
            return true;
        }
        // (equal bytes are valid UTF-8 by construction, and decode to exactly this text)
        return Arrays.equals(bytes(name), text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code name}'s bytes, shown as text: valid UTF-8 as is, other bytes and control characters as {@code \xNN}. */
    public static String printable(Path name) {
        return printable(bytes(name));
    }

    /** Bytes shown as text: valid UTF-8 as is, other bytes and control characters as {@code \xNN}. */
    public static String printable(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder s = new StringBuilder();
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            out.flip();
            s.append(printable(out.toString()));
            out.clear();
            if (!r.isError()) {
                break;
            }
            for (int i = 0; i < r.length(); i++) {
                hex(s, in.get() & 0xFF);
            }
        }
        return s.toString();
    }

    /**
     * How {@link #escaped} shows the characters that would break a line of output. Both modes escape the same
     * characters, the control characters (below U+0020, and U+007F); they differ in what a reader must be able
     * to do with the result.
     */
    public enum Escaping {
        /**
         * For messages, read by people: every control character as {@code \xNN} (a newline is {@code \x0a}); a
         * backslash stays as it is, so a name reads as it was written.
         */
        MESSAGE,
        /**
         * For listings, one entry per line and read by scripts ({@code ectar list}'s text format, {@code ectar
         * verify}'s problem lines): a backslash as {@code \\}, a newline as {@code \n}, other control
         * characters as {@code \xNN}. Unambiguous: the escaping can be undone.
         */
        LISTING
    }

    /** Text in messages: control characters (a newline in a name) shown as {@code \xNN}. */
    public static String printable(String text) {
        return escaped(text, Escaping.MESSAGE);
    }

    /** {@code text} with its control characters escaped as {@code mode} says; the text itself when it has none. */
    public static String escaped(String text, Escaping mode) {
        StringBuilder s = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(c, mode);
            if (escape == null) {
                if (s != null) {
                    s.append(c);
                }
                continue;
            }
            if (s == null) {
                s = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            s.append(escape);
        }
        return s == null ? text : s.toString();
    }

    /** How {@code mode} shows {@code c}; null when as itself. */
    private static String escape(char c, Escaping mode) {
        if (mode == Escaping.LISTING && c == '\\') {
            return "\\\\";
        }
        if (mode == Escaping.LISTING && c == '\n') {
            return "\\n";
        }
        if (c < 0x20 || c == 0x7F) {
            StringBuilder hex = new StringBuilder(4);
            hex(hex, c);
            return hex.toString();
        }
        return null;
    }

    /**
     * The bytes of a path as the file system holds them. The JDK has no public accessor, but its file URIs
     * escape each byte that is not a plain ASCII character ({@code %FF}), which gives them back exactly.
     */
    public static byte[] bytes(Path p) {
        // (resolved against "/": toUri makes a relative path absolute, and the root adds no bytes of its own)
        URI uri = p.getFileSystem().getPath("/").resolve(p).toUri();
        String raw = uri.getRawPath();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int start = p.isAbsolute() ? 0 : 1;
        int end = raw.length();
        // toUri adds a slash when the path is a directory; the path's own text has none then
        if (end > start + 1 && raw.charAt(end - 1) == '/' && !p.toString().endsWith("/")) {
            end--;
        }
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static void hex(StringBuilder s, int b) {
        s.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
    }

    private static Charset jnuEncoding() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.US_ASCII;
        }
    }
}
