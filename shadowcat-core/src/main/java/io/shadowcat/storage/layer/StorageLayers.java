package io.shadowcat.storage.layer;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.encryption.EncryptionLayer;
import io.shadowcat.storage.layer.tamper.TamperLayer;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in storage layers and the one order they are stacked in, outermost first:
 *
 * <ol>
 *   <li>{@code audit} ({@code audit_log}): sees every call as the user made it, with the user's tape ids,
 *       including the ones a layer below refuses, so a refused delete of a locked tape is on the record;
 *   <li>{@code tamper} ({@code signing_key_file}, {@link TamperLayer}): chains and signs what is written,
 *       over the user's ids and the plaintext, so a checkpoint survives export/import and a migration into
 *       another namespace;
 *   <li>{@code encryption} ({@code encryption}, {@code age_recipients_file}, {@code age_identity_file},
 *       {@link EncryptionLayer}): what reaches the layers below and the provider is already ciphertext
 *       (beyond what listing needs: id, created, status, tags);
 *   <li>{@code namespace} ({@code namespace}): the only layer that rewrites ids; every layer above sees the
 *       user's tape ids;
 *   <li>{@code retention} ({@code retention_lock}, {@code retention_min_age}, and legal holds, always on):
 *       innermost, on purpose: a lock and a hold must bind every view of a storage, another namespace's and
 *       the operator's (no namespace) too, so they are kept at the storage's root and keyed by the stored id,
 *       which every view of one tape shares. Above it, the namespace layer forwards {@link TapeLifecycle}
 *       with its ids mapped. It needs from a tape only what listing needs (created, status), which the
 *       encryption layer leaves readable; its own records (holds, the lock) are therefore not encrypted;
 *   <li>then the provider.
 * </ol>
 *
 * <p>The registry {@linkplain #split splits} a storage's settings into the layers' keys and the provider's,
 * {@linkplain #validate validates} the layers' before the provider validates the rest, and {@linkplain #wrap
 * wraps} the provider's backend in the layers the settings enable. Layer keys are unique among layers and
 * must not be a provider's. Immutable and thread-safe.
 */
public final class StorageLayers {

    private static final StorageLayers STANDARD = new StorageLayers(List.of(
            new AuditLayer(),
            new TamperLayer(),
            new EncryptionLayer(),
            new NamespaceLayer(),
            new RetentionLayer()));

    private final List<StorageLayer> layers;
    // layers whose keys are split off and validated but which are not stacked (see without)
    private final Set<String> unstacked;
    private final Map<String, ConfigField> fields = new LinkedHashMap<>();
    private final Map<String, StorageLayer> owners = new LinkedHashMap<>();

    private StorageLayers(List<StorageLayer> layers) {
        this(layers, Set.of());
    }

    private StorageLayers(List<StorageLayer> layers, Set<String> unstacked) {
        this.layers = List.copyOf(layers);
        this.unstacked = Set.copyOf(unstacked);
        for (StorageLayer layer : this.layers) {
            for (ConfigField f : layer.fields()) {
                if (owners.putIfAbsent(f.name(), layer) != null) {
                    throw new IllegalArgumentException("storage layers " + owners.get(f.name()).name() + " and "
                            + layer.name() + " both claim the setting " + f.name());
                }
                fields.put(f.name(), f);
            }
        }
    }

    /** The built-in layers in their stacking order. */
    public static StorageLayers standard() {
        return STANDARD;
    }

    /** These layers (outermost first) in place of the built-in ones: for tests and embedders. */
    public static StorageLayers of(List<StorageLayer> outermostFirst) {
        return new StorageLayers(outermostFirst);
    }

    /**
     * The stack without the layers named {@code layerNames}: their settings are still taken out and
     * validated (so a configuration that names them is accepted as is), but they are not stacked, and every
     * other layer stays where it is. For the commands that must see tapes as the layers below one store them:
     * {@code tape verify} reads the chain values under {@code tamper} (still through audit, encryption,
     * namespace and retention); {@code tape rekey} and {@code tape export-age} read the stored age files
     * under {@code tamper} and {@code encryption} (the chain values are inside the ciphertext), still through
     * audit, namespace and retention, so a rekey is audited and cannot replace a locked or held tape.
     *
     * @throws IllegalArgumentException when no layer has one of those names
     */
    public StorageLayers without(String... layerNames) {
        Set<String> off = new HashSet<>(unstacked);
        for (String name : layerNames) {
            if (layers.stream().noneMatch(l -> l.name().equals(name))) {
                throw new IllegalArgumentException("no storage layer named " + name);
            }
            off.add(name);
        }
        return new StorageLayers(layers, off);
    }

    /** The layers, outermost first. */
    public List<StorageLayer> layers() {
        return layers;
    }

    /** Every layer's settings, in stacking order. */
    public List<ConfigField> fields() {
        return List.copyOf(fields.values());
    }

    /** The layer setting named {@code key}, if a layer owns it. */
    public Optional<ConfigField> field(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /**
     * The settings cut in two: the keys a layer owns, and the rest for the provider. Both keep the
     * provider's name, so error messages read the same whichever side a key is on.
     */
    public Split split(StorageSettings settings) {
        Map<String, String> own = new TreeMap<>();
        Map<String, String> rest = new TreeMap<>();
        settings.asMap().forEach((k, v) -> (fields.containsKey(k) ? own : rest).put(k, v));
        return new Split(StorageSettings.of(settings.provider(), own), StorageSettings.of(settings.provider(), rest));
    }

    /**
     * Checks each layer's own settings, outermost first.
     *
     * @throws InvalidConfigException naming the key and what to do
     */
    public void validate(Split split) {
        for (StorageLayer layer : layers) {
            layer.validate(ownSettings(layer, split.layers()));
        }
    }

    /**
     * The provider's backend wrapped in every enabled layer, innermost first, so the first layer listed is
     * the outermost. When a layer fails to wrap, everything opened so far is closed.
     */
    public TapeStorageBackend wrap(TapeStorageBackend provider, Split split) {
        TapeStorageBackend top = provider;
        try {
            for (int i = layers.size() - 1; i >= 0; i--) {
                StorageLayer layer = layers.get(i);
                StorageSettings own = ownSettings(layer, split.layers());
                if (!unstacked.contains(layer.name()) && layer.enabled(own)) {
                    top = layer.wrap(top, own, split.provider());
                }
            }
            return top;
        } catch (RuntimeException | Error e) {
            try {
                top.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The first backend in {@code backend}'s stack (itself, then down through {@link LayeredBackend#inner})
     * that is a {@code type}: how a caller reaches a layer's own API, e.g. {@link TapeLifecycle}.
     */
    public static <T> Optional<T> find(TapeStorageBackend backend, Class<T> type) {
        TapeStorageBackend b = backend;
        while (b != null) {
            if (type.isInstance(b)) {
                return Optional.of(type.cast(b));
            }
            b = b instanceof LayeredBackend l ? l.inner() : null;
        }
        return Optional.empty();
    }

    /** The text for an unknown setting: every key there is, the provider's and the layers'. */
    public String known(List<String> providerKeys) {
        List<String> all = new ArrayList<>(providerKeys);
        return "unknown setting (known: " + String.join(", ", all) + "; storage layers: "
                + String.join(", ", fields.keySet()) + ")";
    }

    private StorageSettings ownSettings(StorageLayer layer, StorageSettings layerSettings) {
        Map<String, String> own = new TreeMap<>();
        layerSettings.asMap().forEach((k, v) -> {
            if (owners.get(k) == layer) {
                own.put(k, v);
            }
        });
        return StorageSettings.of(layerSettings.provider(), own);
    }

    /**
     * A storage's settings cut in two.
     *
     * @param layers the keys some layer owns
     * @param provider everything else, for the provider to validate and be created with
     */
    public record Split(StorageSettings layers, StorageSettings provider) {
    }
}
