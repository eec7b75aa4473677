package io.shadowcat.sqlite;

import io.shadowcat.sqlite.SqliteDatabaseException.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * Creates a database file that appears complete or not at all: built under a temporary name with the current
 * schema and WAL mode already set, synced, then hard-linked into place, which fails rather than replaces when
 * another process got there first.
 *
 * <p>Why: when a hundred recorders start on a path where no database is yet, the one that switched an empty
 * file to WAL needed the file's exclusive lock while every other starting process read it, and waited past
 * {@code busy_timeout}. A file born in WAL mode with its schema needs no switch and no write at all to open.
 */
final class NewDatabaseFile {

    private NewDatabaseFile() {
    }

    /**
     * Creates {@code settings.path()} unless it exists. Returns false, having created nothing, where the file
     * system cannot hard-link (the caller then creates an empty file, which SQLite takes as new).
     */
    static boolean create(SqliteSettings settings) throws IOException {
        Path path = settings.path();
        Path temp = path.resolveSibling("." + path.getFileName() + ".new-" + UUID.randomUUID());
        Files.createFile(temp, settings.fileMode().fileAttributes());
        try {
            build(settings, temp);
            try {
                Files.createLink(path, temp);
            } catch (FileAlreadyExistsException e) {
                return true; // another process created it first: that one is used
            } catch (UnsupportedOperationException | FileSystemException e) {
                return false;
            }
            try (FileChannel dir = FileChannel.open(path.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // not every platform opens directories; the link itself is atomic
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(Path.of(temp + "-journal"));
        }
    }

    private static void build(SqliteSettings settings, Path temp) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        try (SqlSession s = new SqlSession(config.createConnection("jdbc:sqlite:" + temp))) {
            s.execute("BEGIN IMMEDIATE");
            Schema.createIn(s);
            s.execute("COMMIT");
            // Last, with the schema committed in rollback mode: the switch only sets the header's version bytes.
            s.execute("PRAGMA journal_mode=WAL");
        } catch (SQLException e) {
            throw new SqliteDatabaseException(settings.path(), Problem.IO, "cannot create sqlite database "
                    + settings.path() + " (" + e.getMessage() + "): check the directory's permissions and disk",
                    e);
        }
        // Closing the only connection checkpointed and removed the WAL: the file alone is the database.
        if (Files.exists(Path.of(temp + "-wal")) || !Schema.walFlagged(temp)) {
            throw new SqliteDatabaseException(settings.path(), Problem.IO, "cannot create sqlite database "
                    + settings.path() + ": SQLite left its new file without WAL mode or with a write-ahead log"
                    + " (is the directory on a network file system?): keep it on a local disk", null);
        }
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
