package io.shadowcat.storage.layer.tamper;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.StorageLayer;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.nio.file.Path;
import java.util.List;

/**
 * Tamper evidence, on when {@code signing_key_file} names an Ed25519 PKCS#8 PEM key: every frame written
 * gets a SHA-256 chain value committing to it and to the frame before (kept in its transport object, see
 * {@link ChainedFrames}), and a finalized tape gets a signed checkpoint (tape id, frame count, final chain
 * value, correlations digest, time, key id) as its metadata checksum. Reads through this layer return the
 * frames as appended; {@link TapeVerifier}, given the storage without this layer, checks both.
 *
 * <p>A saved tape (an import, a migration) is chained afresh; a checkpoint it carries is kept when the
 * frames still give its count and hash, so a tape's signature survives export, import and migration, and
 * a save whose checkpoint does not match its frames is refused.
 */
public final class TamperLayer implements StorageLayer {

    /** The layer's name. */
    public static final String NAME = "tamper";
    /** The Ed25519 PKCS#8 PEM key finalized tapes are signed with. */
    public static final String SIGNING_KEY_FILE = "signing_key_file";

    private static final List<ConfigField> FIELDS = List.of(ConfigField.optional(SIGNING_KEY_FILE,
            ConfigField.Type.PATH, "Ed25519 private key (PKCS#8 PEM, openssl genpkey -algorithm ed25519): turns on "
                    + "the hash chain and signs each finalized tape's checkpoint."));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ConfigField> fields() {
        return FIELDS;
    }

    @Override
    public boolean enabled(StorageSettings settings) {
        return settings.get(SIGNING_KEY_FILE).filter(s -> !s.isBlank()).isPresent();
    }

    @Override
    public void validate(StorageSettings settings) {
        if (settings.get(SIGNING_KEY_FILE).isPresent() && settings.get(SIGNING_KEY_FILE).get().isBlank()) {
            throw new InvalidConfigException(settings.provider(), SIGNING_KEY_FILE, "is empty; name an Ed25519 PKCS#8 PEM file");
        }
        if (enabled(settings)) {
            key(settings);
        }
    }

    @Override
    public TapeStorageBackend wrap(TapeStorageBackend inner, StorageSettings settings) {
        return new TamperBackend(inner, key(settings));
    }

    private static java.security.KeyPair key(StorageSettings settings) {
        try {
            return Ed25519Keys.readPrivate(Path.of(settings.get(SIGNING_KEY_FILE).orElseThrow()));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(settings.provider(), SIGNING_KEY_FILE, e.getMessage());
        }
    }
}
