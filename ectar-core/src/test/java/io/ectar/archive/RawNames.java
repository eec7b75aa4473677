package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes files whose names are arbitrary bytes, which Java cannot name: through {@code sh}, with the bytes
 * given as {@code printf} escapes ({@code "clash-\\377"}).
 */
final class RawNames {

    private RawNames() {
    }

    /** A file {@code dir/NAME} holding {@code content}. */
    static void file(Path dir, String printfName, String content) throws IOException, InterruptedException {
        sh("printf %s \"$3\" > \"$1/$(printf \"$2\")\"", dir.toString(), printfName, content);
    }

    /** A symbolic link {@code dir/link} to the target given as printf escapes. */
    static void symlink(Path dir, String link, String printfTarget) throws IOException, InterruptedException {
        sh("ln -s \"$(printf \"$3\")\" \"$1/$2\"", dir.toString(), link, printfTarget);
    }

    private static void sh(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor()).as(script).isZero();
    }
}
