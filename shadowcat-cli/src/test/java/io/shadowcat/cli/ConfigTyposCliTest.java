package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A mistyped configuration stops the command with one line naming the file and line (or the --storage
 * key) and exit code 2, where it used to pass silently: {@code [recordr.storage]} meant the default storage,
 * {@code path = true} a directory named {@code true}, and the last of two {@code --storage} keys won.
 */
class ConfigTyposCliTest {

    @TempDir
    Path cwd;
    private CliRunner cli;

    @BeforeEach
    void isolateFromTheUsersConfig() throws IOException {
        cli = new CliRunner(cwd);
        // a storage to list, so that a configuration that is ignored would list it and exit 0
        Files.createDirectories(cwd.resolve("tapes"));
    }

    static Stream<Arguments> typos() {
        return Stream.of(
                Arguments.of("[recordr.storage]\nprovider = \"sqlite\"\n", List.of(),
                        "FILE:1: unknown section [recordr.storage] (the sections shadowcat.toml has: "
                        + "[recorder.storage] (provider), [recorder.storage.settings] (or [recorder.storage.config]) "
                        + "and [recorder.storage.options]; [recording.storage] may stand for [recorder.storage])"),
                Arguments.of("[recorder.storage.settings]\npath = true\n", List.of(),
                        "invalid storage setting filesystem.path: expected a path in quotes, e.g. path = \"./tapes\", "
                        + "got the boolean true (set in FILE:2 [recorder.storage.settings])"),
                Arguments.of("[recorder.storage.settings]\npath = \"tapes\"\n\npth = \"other\"\n", List.of(),
                        "invalid storage setting filesystem.pth: unknown setting (known: path, durability, "
                        + "compression, retention_max_age, retention_max_count, file_mode; storage layers: audit_log, signing_key_file, encryption, age_recipients_file, age_identity_file, namespace, retention_lock, retention_min_age) (set in FILE:4 "
                        + "[recorder.storage.settings])"),
                Arguments.of("[recorder.storage.settings]\npath = \"tapes\"\npath = \"other\"\n", List.of(),
                        "FILE:3: duplicate key recorder.storage.settings.path (first set at line 2); keep one"),
                Arguments.of("[recorder.storage.options]\nretention = { max_age = 30 }\n", List.of(),
                        "invalid storage setting filesystem.retention_max_age: expected a duration in quotes, e.g. "
                        + "retention_max_age = \"30s\", got the number 30 (set in FILE:2 [recorder.storage.options] "
                        + "retention.max_age)"),
                Arguments.of("", List.of("--storage", "filesystem:path=tapes,path=other"),
                        "invalid storage setting filesystem.path: --storage 'filesystem:path=tapes,path=other' sets "
                        + "path twice; give it once"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("typos")
    void aTypoIsOneLineNamingWhereItIs(String toml, List<String> options, String message) throws IOException {
        Path file = Files.writeString(cwd.resolve("shadowcat.toml"), toml);
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("tape", "list"));
        assertThat(cli.run(args)).as(cli.err()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).isEqualTo("shadowcat: " + message.replace("FILE", file.toString())
                + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }
}
