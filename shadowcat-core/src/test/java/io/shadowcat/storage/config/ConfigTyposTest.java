package io.shadowcat.storage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.shadowcat.storage.ConfigFileException;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.StorageRegistry;

/**
 * A mistyped configuration is an error naming where it is, never silently the default: an unknown section or
 * key of {@code shadowcat.toml} ({@code file:line}, and which sections there are), a value of the wrong TOML
 * type ({@code path = true}), a key written twice, in the file or in {@code --storage}.
 */
class ConfigTyposTest {

    @TempDir
    static Path cwd;

    private static Path file() {
        return cwd.resolve("shadowcat.toml");
    }

    private static StorageConfig resolve(String toml, String spec) throws IOException {
        Files.writeString(file(), toml);
        return StorageConfig.resolve(spec, null, Map.of(), cwd);
    }

    static Stream<Arguments> fileErrors() {
        String recognised = " (" + TomlStorageConfig.RECOGNISED + ")";
        return Stream.of(
                Arguments.of("[recordr.storage]\nprovider = \"sqlite\"\n", ":1: unknown section [recordr.storage]"
                        + recognised),
                Arguments.of("# storage\nprovider = \"sqlite\"\n", ":2: unknown key provider" + recognised),
                Arguments.of("[recorder.storage]\nprovider = \"memory\"\n\n[replay]\nspeed = 2\n",
                        ":4: unknown section [replay]" + recognised),
                Arguments.of("[recorder]\nname = \"x\"\n", ":2: unknown key recorder.name" + recognised),
                Arguments.of("[recorder.storage.setings]\npath = \"x\"\n", ":1: unknown section "
                        + "[recorder.storage.setings] (known: provider, settings, config, options)"),
                Arguments.of("[recorder.storage]\nprovider = \"filesystem\"\nprovder = \"sqlite\"\n",
                        ":3: unknown key recorder.storage.provder (known: provider, settings, config, options)"),
                Arguments.of("[recorder.storage.options]\n\ncompresion = \"zstd\"\n", ":3: unknown key "
                        + "recorder.storage.options.compresion (known: compression, encryption, retention, audit_log, signing_key_file, age_recipients_file, age_identity_file, namespace, retention_lock, retention_min_age)"),
                Arguments.of("[recorder.storage.options]\nretention = { max_days = 3 }\n", ":2: unknown key "
                        + "recorder.storage.options.retention.max_days (known: max_age, max_count, lock, min_age)"),
                Arguments.of("[recorder.storage.settings]\npath = \"a\"\ndurability = \"1s\"\npath = \"b\"\n",
                        ":4: duplicate key recorder.storage.settings.path (first set at line 2); keep one"),
                Arguments.of("[recorder.storage.settings]\nbatch_frames = 1.5\n", ":2: recorder.storage.settings"
                        + ".batch_frames must be a string, a whole number or true/false, got the number 1.5"),
                Arguments.of("[recorder.storage.settings]\npath = [\"a\", \"b\"]\n", ":2: recorder.storage.settings"
                        + ".path must be a string, a whole number or true/false, got an array"),
                Arguments.of("[recorder.storage]\nprovider = 1\n", ":2: recorder.storage.provider must be a string "
                        + "such as \"filesystem\""),
                Arguments.of("[recorder.storage]\n[recording.storage]\n", ":2: both [recorder.storage] and "
                        + "[recording.storage] are present; keep one"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fileErrors")
    void aFileMistakeNamesTheFileAndLine(String toml, String message) {
        assertThatThrownBy(() -> resolve(toml, null)).isInstanceOf(ConfigFileException.class)
                .hasMessage(file() + message);
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("[recorder.storage.settings]\npath = true\n", "filesystem.path: expected a path in "
                        + "quotes, e.g. path = \"./tapes\", got the boolean true (set in FILE:2 "
                        + "[recorder.storage.settings])"),
                Arguments.of("[recorder.storage.settings]\n# how often\ndurability = 200\n", "filesystem.durability: "
                        + "expected a string in quotes, e.g. durability = \"200ms\", got the number 200 (set in FILE:3 "
                        + "[recorder.storage.settings])"),
                Arguments.of("[recorder.storage.options]\nretention = { max_age = 30 }\n", "filesystem.retention_max_age: "
                        + "expected a duration in quotes, e.g. retention_max_age = \"30s\", got the number 30 (set in "
                        + "FILE:2 [recorder.storage.options] retention.max_age)"),
                Arguments.of("[recorder.storage.options]\nretention.max_count = \"5\"\n", "filesystem.retention_max_count: "
                        + "expected a whole number without quotes, e.g. retention_max_count = 0, got the string \"5\" "
                        + "(set in FILE:2 [recorder.storage.options] retention.max_count)"),
                Arguments.of("[recorder.storage]\nprovider = \"memory\"\n[recorder.storage.config]\nmax_tapes = \"5\"\n",
                        "memory.max_tapes: expected a whole number without quotes, e.g. max_tapes = 1000, got the "
                        + "string \"5\" (set in FILE:4 [recorder.storage.config])"),
                // the line is found past a multi-line string holding 'key = value' and a comment holding a [table]
                Arguments.of("[recorder.storage.settings]\ncompression = \"\"\"\nnot = a key\n\"\"\"\n"
                        + "file_mode = \"600\" # [x]\npth = \"x\"\n", "filesystem.pth: unknown setting (known: path, "
                        + "durability, compression, retention_max_age, retention_max_count, file_mode; storage layers: audit_log, signing_key_file, encryption, age_recipients_file, age_identity_file, namespace, retention_lock, retention_min_age) (set in FILE:6 "
                        + "[recorder.storage.settings])"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrongTypes")
    void aValueOfTheWrongTypeNamesTheLineAndTheExpectedType(String toml, String message) throws IOException {
        StorageConfig c = resolve(toml, null);
        assertThatThrownBy(() -> c.validate(StorageRegistry.isolated())).isInstanceOf(InvalidConfigException.class)
                .hasMessage("invalid storage setting " + message.replace("FILE", file().toString()));
    }

    @Test
    void valuesOfTheRightTypeAreAccepted() throws IOException {
        resolve("[recorder.storage.settings]\npath = \"t\"\ndurability = \"every_frame\"\nfile_mode = \"640\"\n"
                + "[recorder.storage.options]\nretention = { max_age = \"30d\", max_count = 10 }\n", null)
                .validate(StorageRegistry.isolated());
        resolve("[recorder.storage]\nprovider = \"memory\"\n[recorder.storage.config]\nmax_tapes = 5\n", null)
                .validate(StorageRegistry.isolated());
    }

    @Test
    void aStrongerSourceReplacesTheFilesValueAndItsType() throws IOException {
        StorageConfig c = resolve("[recorder.storage.settings]\npath = true\n", "filesystem:path=elsewhere");
        c.validate(StorageRegistry.isolated());
        assertThat(c.settings().get("path")).contains("elsewhere");
        assertThat(c.fileValues()).isEmpty();
    }

    @Test
    void aKeyGivenTwiceInStorageIsAnError() {
        assertThatThrownBy(() -> StorageConfig.fromSpec("filesystem:path=a,durability=1s,path=b"))
                .isInstanceOf(InvalidConfigException.class).hasMessage("invalid storage setting filesystem.path: "
                        + "--storage 'filesystem:path=a,durability=1s,path=b' sets path twice; give it once");
    }

    @Test
    void aSettingGivenByTwoEnvironmentVariablesIsAnError() {
        Map<String, String> env = new java.util.TreeMap<>(Map.of("SHADOWCAT_STORAGE_PATH", "a",
                "SHADOWCAT_STORAGE_Path", "b"));
        assertThatThrownBy(() -> StorageConfig.resolve(null, null, env, cwd.resolve("none")))
                .isInstanceOf(InvalidConfigException.class).hasMessage("invalid storage setting path: set by both "
                        + "environment SHADOWCAT_STORAGE_PATH and SHADOWCAT_STORAGE_Path; keep one");
    }
}
