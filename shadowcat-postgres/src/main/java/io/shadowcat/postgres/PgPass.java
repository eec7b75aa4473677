package io.shadowcat.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A password from libpq's password file, by libpq's rules: the file is {@code PGPASSFILE}, else
 * {@code ~/.pgpass}; each line is {@code hostname:port:database:username:password}, the first four fields a
 * literal or {@code *}, {@code \} escaping {@code :} and {@code \}; {@code #} starts a comment line; the first
 * matching line wins. A file that group or others may read or write, or that is not a regular file, is ignored
 * with a warning (libpq's 0600 rule). The warning names the file, never a line of it.
 */
final class PgPass {

    private PgPass() {
    }

    /** The password file libpq would read: {@code PGPASSFILE}, else {@code $HOME/.pgpass}; empty without a home. */
    static Optional<Path> file(Function<String, String> env) {
        String explicit = env.apply("PGPASSFILE");
        if (explicit != null && !explicit.isEmpty()) {
            return Optional.of(Path.of(explicit));
        }
        String home = env.apply("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return home == null || home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home, ".pgpass"));
    }

    /** The first matching line's password, if the file exists, may be used, and has one. */
    static Optional<String> lookup(Path file, String host, int port, String database, String user,
                                   Consumer<String> warn) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            warn.accept("password file " + file + " is not a plain file: ignored");
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                warn.accept("password file " + file + " has group or world access: ignored; permissions should be"
                        + " u=rw (0600) or less (chmod 0600 " + file + ")");
                return Optional.empty();
            }
        } catch (UnsupportedOperationException notPosix) {
            // no such rule where files have no POSIX modes (libpq skips it on Windows too)
        } catch (IOException e) {
            warn.accept("password file " + file + " could not be read (" + e.getClass().getSimpleName() + "): ignored");
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            warn.accept("password file " + file + " could not be read (" + e.getClass().getSimpleName() + "): ignored");
            return Optional.empty();
        }
        String[] wanted = {host, String.valueOf(port), database, user};
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() < 5) {
                continue; // libpq skips a line without five fields
            }
            boolean match = true;
            for (int i = 0; i < 4 && match; i++) {
                match = fields.get(i).equals("*") || fields.get(i).equals(wanted[i]);
            }
            if (match) {
                return Optional.of(fields.get(4)).filter(p -> !p.isEmpty());
            }
        }
        return Optional.empty();
    }

    // Splits on unescaped ':' and unescapes '\:' and '\\'; the fifth field is the rest of the line, unescaped.
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>(5);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (ch == ':' && out.size() < 4) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        out.add(field.toString());
        return out;
    }
}
