package io.shadowcat.storage.layer;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Retention lock ({@code retention_lock}, {@code retention_min_age}) and legal holds. Always on, lock or
 * not: a hold placed by one process must stop a delete in every other, whatever its settings, and a lock once
 * stored in a storage stays in force when a later process's settings leave it out (see {@link
 * RetentionBackend}). Innermost of the layers, so that every namespace's view and the operator's share one
 * lock and one set of holds.
 */
final class RetentionLayer implements StorageLayer {

    static final String LOCK = "retention_lock";
    static final String MIN_AGE = "retention_min_age";
    /** The provider settings under which a provider deletes tapes by itself, below this layer. */
    static final List<String> PROVIDER_EXPIRY = List.of("retention_max_age", "retention_max_count");

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public List<ConfigField> fields() {
        return List.of(
                ConfigField.optional(LOCK, ConfigField.Type.STRING, "governance or compliance: a finalized tape "
                        + "cannot be deleted, replaced or shortened before retention_min_age; stored in the storage "
                        + "once set (none lifts a governance lock)"),
                ConfigField.optional(MIN_AGE, ConfigField.Type.DURATION,
                        "how long retention_lock keeps a tape, from its creation, e.g. 7y or 90d"));
    }

    @Override
    public boolean enabled(StorageSettings settings) {
        return true;
    }

    @Override
    public void validate(StorageSettings settings) {
        configured(settings);
    }

    /** The lock the settings ask for: empty for none given, {@code Optional.of(empty)} for {@code none}. */
    static Optional<Optional<RetentionLock>> configured(StorageSettings s) {
        Optional<String> mode = s.get(LOCK).map(v -> v.trim().toLowerCase(Locale.ROOT));
        Optional<String> age = s.get(MIN_AGE);
        if (mode.isEmpty()) {
            if (age.isPresent()) {
                throw new InvalidConfigException(s.provider(), MIN_AGE,
                        "needs retention_lock = governance or compliance beside it");
            }
            return Optional.empty();
        }
        if (mode.get().equals("none")) {
            if (age.isPresent()) {
                throw new InvalidConfigException(s.provider(), MIN_AGE, "retention_lock is none: leave it out");
            }
            return Optional.of(Optional.empty());
        }
        RetentionMode m = switch (mode.get()) {
            case "governance" -> RetentionMode.GOVERNANCE;
            case "compliance" -> RetentionMode.COMPLIANCE;
            default -> throw new InvalidConfigException(s.provider(), LOCK,
                    "expected governance, compliance or none, got '" + s.get(LOCK).orElseThrow() + "'");
        };
        if (age.isEmpty()) {
            throw new InvalidConfigException(s.provider(), MIN_AGE,
                    "required with retention_lock: how long a tape is kept, e.g. 7y");
        }
        Duration d = s.duration(MIN_AGE, null);
        if (d.isNegative() || d.isZero()) {
            throw new InvalidConfigException(s.provider(), MIN_AGE, "must be positive, e.g. 7y");
        }
        return Optional.of(Optional.of(new RetentionLock(m, d)));
    }

    @Override
    public TapeStorageBackend wrap(TapeStorageBackend inner, StorageSettings settings) {
        return wrap(inner, settings, StorageSettings.empty());
    }

    @Override
    public TapeStorageBackend wrap(TapeStorageBackend inner, StorageSettings settings,
                                   StorageSettings providerSettings) {
        Optional<String> expiry = PROVIDER_EXPIRY.stream()
                .filter(k -> providerSettings.get(k).filter(v -> !v.isBlank()).isPresent()).findFirst();
        return RetentionBackend.open(inner, configured(settings), expiry, settings.provider());
    }
}
