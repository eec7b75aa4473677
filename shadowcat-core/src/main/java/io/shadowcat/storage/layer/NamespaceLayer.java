package io.shadowcat.storage.layer;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import java.util.List;

/**
 * {@code namespace = NAME}: the tapes of one team or tenant, isolated from every other namespace's on the same
 * storage. The innermost layer, so the only one that sees namespaced ids (see {@link Namespace}).
 */
final class NamespaceLayer implements StorageLayer {

    static final String KEY = "namespace";

    @Override
    public String name() {
        return "namespace";
    }

    @Override
    public List<ConfigField> fields() {
        return List.of(ConfigField.optional(KEY, ConfigField.Type.STRING,
                "isolate tapes per team or tenant: 1 to " + Namespace.MAX_LENGTH
                        + " characters from A-Z a-z 0-9 _ -; tapes of another namespace are invisible"));
    }

    @Override
    public boolean enabled(StorageSettings settings) {
        return settings.get(KEY).isPresent();
    }

    @Override
    public void validate(StorageSettings settings) {
        settings.get(KEY).ifPresent(name -> {
            if (!TapeId.isValid(name) || name.length() > Namespace.MAX_LENGTH) {
                throw new InvalidConfigException(settings.provider(), KEY, "'" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' is not a namespace name: use 1 to " + Namespace.MAX_LENGTH
                        + " characters from A-Z, a-z, 0-9, '_' and '-', e.g. team-payments");
            }
        });
    }

    @Override
    public TapeStorageBackend wrap(TapeStorageBackend inner, StorageSettings settings) {
        return new NamespaceBackend(inner, new Namespace(settings.get(KEY).orElseThrow()));
    }
}
