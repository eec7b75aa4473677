package io.shadowcat.storage.layer;

import static io.shadowcat.storage.layer.LayerTapes.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageLayersTest {

    @TempDir
    Path dir;

    @Test
    void theBuiltInLayersStackInTheDocumentedOrder() {
        assertThat(StorageLayers.standard().layers()).extracting(StorageLayer::name)
                .containsSubsequence("audit", "namespace", "retention");
        try (TapeStorageBackend b = open(dir, "audit_log", dir.resolve("a.log").toString(), "namespace", "n")) {
            List<Class<?>> stack = new ArrayList<>();
            TapeStorageBackend at = b;
            while (at instanceof LayeredBackend l) {
                stack.add(at.getClass());
                at = l.inner();
            }
            stack.add(at.getClass());
            assertThat(stack).extracting(Class::getSimpleName).containsSubsequence("TrackedBackend", "AuditBackend",
                    "NamespaceBackend", "RetentionBackend", "FilesystemBackend");
            assertThat(StorageLayers.find(b, AuditRecorder.class)).isPresent();
            assertThat(StorageLayers.find(b, TapeLifecycle.class).orElseThrow()).isInstanceOf(AuditBackend.class);
        }
    }

    /** age key pair and Ed25519 PEM key files in {@code dir}, as age-keygen and openssl write them; the settings. */
    private String[] tamperAndEncryption() throws Exception {
        KeyPair age = new X25519KeyPairGenerator().generateKeyPair();
        Path identity = Files.writeString(dir.resolve("key.txt"), age.getPrivate() + "\n");
        Path recipients = Files.writeString(dir.resolve("recipients.txt"), age.getPublic() + "\n");
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path signing = Files.writeString(dir.resolve("signing.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ed.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return new String[] {"signing_key_file", signing.toString(), "encryption", "age",
            "age_recipients_file", recipients.toString(), "age_identity_file", identity.toString()};
    }

    @Test
    void tamperAndEncryptionSitInSlotsTwoAndThreeAndFindWalksThroughThem() throws Exception {
        assertThat(StorageLayers.standard().layers()).extracting(StorageLayer::name)
                .containsExactly("audit", "tamper", "encryption", "namespace", "retention");
        List<String> settings = new ArrayList<>(List.of(tamperAndEncryption()));
        settings.addAll(List.of("audit_log", dir.resolve("a.log").toString(), "namespace", "n"));
        try (TapeStorageBackend b = open(dir, settings.toArray(String[]::new))) {
            List<String> stack = new ArrayList<>();
            for (TapeStorageBackend at = b; at != null; at = at instanceof LayeredBackend l ? l.inner() : null) {
                stack.add(at.getClass().getSimpleName());
            }
            assertThat(stack).containsSubsequence("AuditBackend", "TamperBackend", "EncryptedBackend",
                    "NamespaceBackend", "RetentionBackend", "FilesystemBackend");
            assertThat(StorageLayers.find(b, TapeLifecycle.class)).isPresent();
            b.save(LayerTapes.tape("t1", "p1"));
            assertThat(b.load(TapeId.of("t1")).frames().get(0).transport()).isNull(); // the chain is stripped
        }
    }

    @Test
    void theStackWithoutALayerStillTakesItsSettingsButLeavesItOut() throws Exception {
        String[] settings = tamperAndEncryption();
        try (TapeStorageBackend b = open(dir, settings)) {
            b.save(LayerTapes.tape("t1", "p1"));
        }
        Map<String, String> s = new java.util.LinkedHashMap<>();
        s.put("path", dir.resolve("tapes").toString());
        for (int i = 0; i < settings.length; i += 2) {
            s.put(settings[i], settings[i + 1]);
        }
        StorageRegistry below = LayerTapes.REGISTRY.withLayers(StorageLayers.standard().without("tamper"));
        try (TapeStorageBackend b = below.create("filesystem", StorageSettings.of("filesystem", s))) {
            // decrypted by the encryption layer, the chain value the tamper layer stored now visible
            assertThat(b.load(TapeId.of("t1")).frames().get(0).transport().path("chain").asText()).hasSize(64);
        }
        assertThatThrownBy(() -> StorageLayers.standard().without("tampr")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tampr");
    }

    @Test
    void layerKeysAreSplitOffBeforeTheProviderSeesThem() {
        StorageLayers.Split split = StorageLayers.standard().split(StorageSettings.of("filesystem",
                Map.of("path", "x", "namespace", "n", "audit_log", "a")));
        assertThat(split.provider().asMap()).containsOnlyKeys("path");
        assertThat(split.layers().asMap()).containsOnlyKeys("namespace", "audit_log");
        assertThat(split.layers().provider()).isEqualTo("filesystem");
    }

    @Test
    void anUnknownKeyListsEveryKeyTheProviderAndTheLayersKnow() {
        assertThatThrownBy(() -> open(dir, "namespcae", "n")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("filesystem.namespcae: unknown setting (known: path,")
                .hasMessageContaining("storage layers: audit_log, signing_key_file, encryption, age_recipients_file, age_identity_file, namespace, retention_lock, retention_min_age");
    }

    @Test
    void twoLayersClaimingOneKeyIsAProgrammingError() {
        assertThatThrownBy(() -> StorageLayers.of(List.of(new NamespaceLayer(), new NamespaceLayer())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
    }
}
