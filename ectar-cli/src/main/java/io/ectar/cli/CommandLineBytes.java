package io.ectar.cli;

import io.ectar.archive.FileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line as bytes ({@code /proc/self/cmdline}), to catch arguments Java decoded with loss: a path
 * that is not valid UTF-8 ({@code clash-\xff}) reaches {@code main} as {@code clash-\uFFFD}, the name of
 * another file, or of none.
 */
final class CommandLineBytes {

    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    private CommandLineBytes() {
    }

    /** Why an argument cannot be used (it is not valid UTF-8); empty too when the bytes are unknown. */
    static Optional<String> undecodable(String[] args) {
        if (Arrays.stream(args).noneMatch(a -> a.indexOf('\uFFFD') >= 0)) {
            return Optional.empty(); // the common case: nothing was replaced, so nothing was lost
        }
        List<byte[]> all;
        try {
            all = split(Files.readAllBytes(CMDLINE));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return undecodable(args, all);
    }

    /** As above, with the process's arguments as bytes ({@code all}; the program's own ones come last). */
    static Optional<String> undecodable(String[] args, List<byte[]> all) {
        int first = all.size() - args.length;
        if (first < 0) {
            return Optional.empty();
        }
        for (int i = 0; i < args.length; i++) {
            byte[] bytes = all.get(first + i);
            if (args[i].indexOf('\uFFFD') >= 0 && !Arrays.equals(bytes, args[i].getBytes(StandardCharsets.UTF_8))) {
                return Optional.of("the argument '" + FileNames.printable(bytes) + "' is not valid UTF-8, and Java"
                        + " would read it as another name; rename the file (e.g. with convmv), or name the directory"
                        + " that holds it (such names in it are then skipped with a warning)");
            }
        }
        return Optional.empty();
    }

    /** NUL-terminated strings. */
    static List<byte[]> split(byte[] cmdline) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                out.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            out.add(Arrays.copyOfRange(cmdline, start, cmdline.length));
        }
        return out;
    }
}
