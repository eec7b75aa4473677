package io.shadowcat.storage.layer.encryption;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.StorageLayer;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Encryption at rest in the age format ({@code encryption = "age"}): every tape is written for the X25519
 * recipients of {@code age_recipients_file} and read with the identities of {@code age_identity_file}.
 *
 * <p>Stored form, on every provider: a tape's records are grouped into segments of up to 1 MiB of JSON
 * Lines (one segment at least per flush), each encrypted as one complete, standard age file whose plaintext
 * is that segment as a Shadowcat JSON Lines tape (so {@code age -d -i key.txt} turns it into valid JSON
 * Lines), stored as provider frames of at most 32 KiB of it each. The header's private fields are an age
 * file too, kept as the stored description. In the clear stay only: tape id, created, status, tags,
 * updated and finalized times, and the number and sizes of stored records. See
 * {@link AgeSegments} for getting the age files out and re-encrypting them for new recipients.
 */
public final class EncryptionLayer implements StorageLayer {

    /** The layer's name, and the setting that turns it on. */
    public static final String NAME = "encryption";
    /** The file of {@code age1...} recipients new tapes are encrypted for. */
    public static final String RECIPIENTS_FILE = "age_recipients_file";
    /** The file of {@code AGE-SECRET-KEY-1...} identities tapes are decrypted with. */
    public static final String IDENTITY_FILE = "age_identity_file";

    private static final List<ConfigField> FIELDS = List.of(
            ConfigField.optional(NAME, ConfigField.Type.STRING, "none",
                    "Encryption at rest: none, or age (age_recipients_file to write, age_identity_file to read)."),
            ConfigField.optional(RECIPIENTS_FILE, ConfigField.Type.PATH,
                    "File of age1... X25519 recipients (one per line, # comments) tapes are encrypted for."),
            ConfigField.optional(IDENTITY_FILE, ConfigField.Type.PATH,
                    "File of AGE-SECRET-KEY-1... identities (age-keygen output) tapes are decrypted with."));

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
        return "age".equals(mode(settings));
    }

    @Override
    public void validate(StorageSettings settings) {
        String mode = mode(settings);
        if (!mode.equals("none") && !mode.equals("age")) {
            throw new InvalidConfigException(settings.provider(), NAME, "'" + settings.get(NAME).orElse("") + "' is not known; use none or age");
        }
        if (mode.equals("none")) {
            if (settings.get(RECIPIENTS_FILE).isPresent() || settings.get(IDENTITY_FILE).isPresent()) {
                throw new InvalidConfigException(settings.provider(), NAME, "age key files are set but encryption is none; set encryption = \"age\"");
            }
            return;
        }
        if (settings.get(RECIPIENTS_FILE).isEmpty() && settings.get(IDENTITY_FILE).isEmpty()) {
            throw new InvalidConfigException(settings.provider(), RECIPIENTS_FILE, "encryption = \"age\" needs " + RECIPIENTS_FILE
                    + " (to write tapes), " + IDENTITY_FILE + " (to read them) or both");
        }
        keys(settings);
    }

    @Override
    public TapeStorageBackend wrap(TapeStorageBackend inner, StorageSettings settings) {
        return new EncryptedBackend(inner, new AgeCipher(keys(settings)));
    }

    static AgeKeys keys(StorageSettings settings) {
        try {
            return AgeKeys.load(settings.get(RECIPIENTS_FILE).map(Path::of).orElse(null),
                    settings.get(IDENTITY_FILE).map(Path::of).orElse(null));
        } catch (InvalidConfigException e) {
            // named as every storage setting is: by the provider the storage was configured with
            throw new InvalidConfigException(settings.provider(), e.key(), e.problem());
        }
    }

    private static String mode(StorageSettings settings) {
        return settings.get(NAME).orElse("none").trim().toLowerCase(Locale.ROOT);
    }
}
