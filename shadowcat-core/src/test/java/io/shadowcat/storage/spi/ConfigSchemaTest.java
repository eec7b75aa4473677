package io.shadowcat.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;

class ConfigSchemaTest {

    private final ConfigSchema schema = ConfigSchema.of(
            ConfigField.required("path", ConfigField.Type.PATH, "where"),
            ConfigField.withDefault("busy_timeout", ConfigField.Type.DURATION, "wait", "5s"),
            ConfigField.withDefault("max", ConfigField.Type.INTEGER, "how many", "10"),
            ConfigField.withDefault("fsync", ConfigField.Type.BOOLEAN, "sync", "true"));

    @Test
    void acceptsWellFormedSettings() {
        StorageSettings s = StorageSettings.of("x", Map.of("path", "/tmp/a", "busy_timeout", "250ms",
                "max", "3", "fsync", "off"));
        schema.validate(s);
        assertThat(s.duration("busy_timeout", null)).isEqualTo(Duration.ofMillis(250));
        assertThat(s.intValue("max", 0)).isEqualTo(3);
        assertThat(s.bool("fsync", true)).isFalse();
    }

    @Test
    void namesTheOffendingKey() {
        assertThatThrownBy(() -> schema.validate(StorageSettings.of("x", Map.of("path", "a", "colour", "red"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("x.colour")
                .satisfies(e -> assertThat(((InvalidConfigException) e).key()).isEqualTo("colour"));
        assertThatThrownBy(() -> schema.validate(StorageSettings.of("x", Map.of())))
                .hasMessageContaining("x.path").hasMessageContaining("required");
        assertThatThrownBy(() -> schema.validate(StorageSettings.of("x", Map.of("path", "a", "max", "ten"))))
                .hasMessageContaining("x.max").hasMessageContaining("'ten'");
        assertThatThrownBy(() -> schema.validate(StorageSettings.of("x", Map.of("path", "a", "busy_timeout", "soon"))))
                .hasMessageContaining("x.busy_timeout");
        assertThatThrownBy(() -> schema.validate(StorageSettings.of("x", Map.of("path", "a", "fsync", "maybe"))))
                .hasMessageContaining("x.fsync");
    }

    @Test
    void withDefaultTakesItsArgumentsInTheRecordsOrder() {
        ConfigField f = ConfigField.withDefault("busy_timeout", ConfigField.Type.DURATION, "wait", "5s");
        assertThat(f).isEqualTo(new ConfigField("busy_timeout", ConfigField.Type.DURATION, "wait", false, "5s"));
        assertThat(ConfigField.optional("x", ConfigField.Type.STRING, "no default").defaultValue()).isNull();
    }
}
