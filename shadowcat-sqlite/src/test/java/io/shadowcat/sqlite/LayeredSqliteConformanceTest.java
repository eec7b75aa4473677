package io.shadowcat.sqlite;

import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.encryption.EncryptionLayer;
import io.shadowcat.storage.layer.tamper.TamperLayer;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.LayerKeys;
import io.shadowcat.testkit.TapeStorageConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** The encryption and tamper layers, each alone and stacked (tamper over encryption), on sqlite. */
class LayeredSqliteConformanceTest {

    static TapeStorageBackend sqlite(Path dir) {
        return new SqliteStorageProvider().create(StorageSettings.of("sqlite",
                Map.of("path", dir.resolve("tapes.db").toString())));
    }

    static StorageSettings encryption(Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        if (!Files.exists(keys.resolve("test.key.txt"))) {
            Files.createDirectories(keys);
            LayerKeys.age(keys, "test");
        }
        return StorageSettings.of("", Map.of("encryption", "age",
                "age_recipients_file", keys.resolve("test.recipients.txt").toString(),
                "age_identity_file", keys.resolve("test.key.txt").toString()));
    }

    static StorageSettings signing(Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        if (!Files.exists(keys.resolve("signer.pem"))) {
            Files.createDirectories(keys);
            LayerKeys.ed25519(keys, "signer");
        }
        return StorageSettings.of("", Map.of("signing_key_file", keys.resolve("signer.pem").toString()));
    }

    @Nested
    class Encrypted extends TapeStorageConformance {
        @Override
        public TapeStorageBackend createBackend(Path dir) throws Exception {
            return new EncryptionLayer().wrap(sqlite(dir), encryption(dir));
        }
    }

    @Nested
    class Chained extends TapeStorageConformance {
        @Override
        public TapeStorageBackend createBackend(Path dir) throws Exception {
            return new TamperLayer().wrap(sqlite(dir), signing(dir));
        }
    }

    @Nested
    class ChainedOverEncrypted extends TapeStorageConformance {
        @Override
        public TapeStorageBackend createBackend(Path dir) throws Exception {
            return new TamperLayer().wrap(new EncryptionLayer().wrap(sqlite(dir), encryption(dir)), signing(dir));
        }
    }
}
