package io.shadowcat.storage.layer;

import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.util.List;

/**
 * A behaviour stacked above any provider (encryption, tamper evidence, retention lock, legal hold, audit
 * log, namespaces), configured by storage settings like a provider's own, as OpenDAL's layers are. A layer
 * is a decorator: it sees only the {@link TapeStorageBackend} API of what it wraps, so it works the same on
 * every provider, and a provider author never has to know it exists.
 *
 * <p>The settings keys a layer owns ({@link #fields}) are taken out of the storage settings before the
 * provider validates the rest, so they never reach the provider. Implementations are stateless and
 * thread-safe; the backend {@link #wrap} returns follows the {@link TapeStorageBackend} contract.
 */
public interface StorageLayer {

    /** A short lower-case name, e.g. {@code encryption}; shown by {@code providers info}. */
    String name();

    /** The settings this layer reads; their names are unique among all layers and providers' own. */
    List<ConfigField> fields();

    /** Whether {@code settings} turn this layer on (only the layer's own keys are passed). */
    boolean enabled(StorageSettings settings);

    /**
     * Checks this layer's settings (keys, values, and any file they name) before anything opens.
     *
     * @throws io.shadowcat.storage.InvalidConfigException naming the key and what to do
     */
    void validate(StorageSettings settings);

    /** Wraps {@code inner}; closing the result closes {@code inner}. Only called when {@link #enabled}. */
    TapeStorageBackend wrap(TapeStorageBackend inner, StorageSettings settings);

    /**
     * Wraps {@code inner}, knowing the settings the provider below was created with (read only): a layer whose
     * promise a provider setting could break (provider-run expiry deleting a locked tape) refuses here. The
     * default ignores them. {@link StorageLayers} calls this one.
     *
     * @param providerSettings the settings left for the provider once every layer's keys were taken out
     * @throws io.shadowcat.storage.InvalidConfigException naming the provider setting that conflicts
     */
    default TapeStorageBackend wrap(TapeStorageBackend inner, StorageSettings settings,
                                    StorageSettings providerSettings) {
        return wrap(inner, settings);
    }
}
