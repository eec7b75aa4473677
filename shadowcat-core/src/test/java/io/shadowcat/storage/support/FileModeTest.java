package io.shadowcat.storage.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;

class FileModeTest {

    @TempDir
    Path dir;

    private static FileMode parse(String value) {
        return FileMode.parse(StorageSettings.of("filesystem", Map.of(FileMode.SETTING, value)));
    }

    @Test
    void absentMeansPrivate() {
        FileMode m = FileMode.parse(StorageSettings.of("filesystem", Map.of()));
        assertThat(m).isEqualTo(FileMode.PRIVATE);
        assertThat(PosixFilePermissions.toString(m.file())).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(m.directory())).isEqualTo("rwx------");
    }

    @ParameterizedTest
    @CsvSource({"600, rw-------, rwx------", "0640, rw-r-----, rwxr-x---", "664, rw-rw-r--, rwxrwxr-x",
        "620, rw--w----, rwx-w----"})
    void octalModesGiveFileAndDirectoryPermissions(String value, String file, String directory) {
        FileMode m = parse(value);
        assertThat(PosixFilePermissions.toString(m.file())).isEqualTo(file);
        assertThat(PosixFilePermissions.toString(m.directory())).isEqualTo(directory);
        assertThat(m).hasToString(value.length() == 4 ? value.substring(1) : value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"644x", "rw-------", "8", "6400", "-600", "0o600", "700", "601", "400", "060"})
    void anythingElseIsRefusedNamingTheSetting(String value) {
        assertThatThrownBy(() -> parse(value)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.key()).isEqualTo(FileMode.SETTING)).hasMessageContaining("'" + value + "'");
    }

    @Test
    void createsMissingDirectoriesWithTheDirectoryModeAndLeavesExistingOnesAlone() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deep = dir.resolve("a/b/c");
        FileMode.PRIVATE.createDirectories(deep);
        for (Path p : new Path[] {dir.resolve("a"), dir.resolve("a/b"), deep}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                    .isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
        FileMode.PRIVATE.createDirectories(deep); // already there: no error
    }
}
