package io.shadowcat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.support.FileMode;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.config.StorageSettings;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteSettingsTest {

    @Test
    void defaults() {
        SqliteSettings s = SqliteSettings.from(StorageSettings.of("sqlite", Map.of()));
        assertThat(s.path()).isEqualTo(Path.of("tapes.db").toAbsolutePath());
        assertThat(s.busyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.synchronous()).isEqualTo(Synchronous.NORMAL);
        assertThat(s.batchFrames()).isEqualTo(256);
        assertThat(s.batchInterval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void parsesEverySetting() {
        SqliteSettings s = SqliteSettings.from(StorageSettings.of("sqlite", Map.of("path", "/data/x.db",
                "busy_timeout", "2m", "synchronous", "FULL", "batch_frames", "10", "batch_interval", "1s",
                "file_mode", "640")));
        assertThat(s).isEqualTo(new SqliteSettings(Path.of("/data/x.db"), Duration.ofMinutes(2), Synchronous.FULL,
                10, Duration.ofSeconds(1), new FileMode(PosixFilePermissions.fromString("rw-r-----"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "path           | /tmp/a?mode=ro | not a plain file path",
        "path           | :memory:       | not a plain file path",
        "busy_timeout   | soon           | expected a duration",
        "busy_timeout   | 2d             | between 0 and 1d",
        "synchronous    | fast           | expected off, normal, full or extra",
        "batch_frames   | 0              | between 1 and 100000",
        "batch_frames   | many           | expected a whole number",
        "batch_interval | 0ms            | between 1ms and 1h",
        "colour         | blue           | unknown setting",
    })
    void badSettingsAreRefusedNamingTheKey(String key, String value, String problem) {
        StorageSettings settings = StorageSettings.of("sqlite", Map.of(key, value));
        assertThatThrownBy(() -> new SqliteStorageProvider().validate(settings))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining("sqlite." + key).hasMessageContaining(problem);
    }

    @Test
    void providerIsFoundThroughServiceLoader() {
        StorageProviderFactory found = ServiceLoader.load(StorageProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("sqlite")).findFirst().orElseThrow();
        assertThat(found).isInstanceOf(SqliteStorageProvider.class);
        assertThat(found.configSchema().fields()).extracting(f -> f.name())
                .containsExactly("path", "busy_timeout", "synchronous", "batch_frames", "batch_interval", "file_mode");
    }
}
