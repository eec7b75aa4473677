package io.ectar.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine;

/**
 * Where {@code --report FILE} goes: {@code -} is standard output (never a file named {@code -}); any other
 * name is written whole or not at all, through a temporary file beside it, fsync and an atomic rename.
 */
final class ReportFile {

    private final String option;
    private final Path file;

    private ReportFile(String option, Path file) {
        this.option = option;
        this.file = file;
    }

    /**
     * The report target given to {@code option}, or null when none was given; a directory, or a file in a
     * directory that does not exist, is a usage error found before any work is done.
     */
    static ReportFile of(CommandLine cli, String option, Path file) {
        if (file == null) {
            return null;
        }
        if (!isStdout(file) && Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(cli, option + " " + file + ": is a directory; give the name"
                    + " of the file to write (or - for standard output)");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!isStdout(file) && dir != null && !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(cli, option + " " + file + ": its directory " + dir
                    + " does not exist; create it first (or give - for standard output)");
        }
        return new ReportFile(option, file);
    }

    /** Whether a path argument is {@code -}, standard output. */
    static boolean isStdout(Path file) {
        return file.toString().equals("-");
    }

    boolean toStdout() {
        return isStdout(file);
    }

    /** Writes {@code text} (a line end is added) to standard output or to the file. */
    void write(PrintWriter out, String text) throws IOException {
        if (toStdout()) {
            out.println(text);
            out.flush();
            return;
        }
        Path target = file.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // (the first failure is the one to report)
            }
            String reason = e instanceof NoSuchFileException ? "its directory " + target.getParent()
                    + " does not exist" : CliErrors.message(e);
            throw new IOException("cannot write the " + option + " file " + file + ": " + reason, e);
        }
    }
}
