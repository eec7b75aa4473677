package io.shadowcat.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.SecretTape;
import io.shadowcat.testkit.servers.RedisServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Issue 16's at-rest check on the server: a live tape recorded through the registry with {@code encryption =
 * "age"} on the redis provider leaves no plaintext in any key under its prefix (every key's whole value, read by
 * its type; not {@code DUMP}, whose LZF compression could hide a leak), while the same tape without encryption
 * does.
 */
class RedisEncryptedAtRestTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    private static RedisServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void anEncryptedLiveTapeLeavesNoPlaintextInAnyKey() {
        String values = recordAndDump("at-rest-encrypted:", true);
        assertThat(values).isNotEmpty();
        for (String plaintext : SecretTape.PLAINTEXTS) {
            assertThat(values).as(plaintext).doesNotContain(plaintext);
        }
    }

    @Test
    void theSameTapeWithoutEncryptionHasItsPlaintextOnTheServer() {
        assertThat(recordAndDump("at-rest-plain:", false)).contains(SecretTape.MARKER);
    }

    private String recordAndDump(String prefix, boolean encrypted) {
        Map<String, String> settings = new HashMap<>(Map.of("url", server.url(), "prefix", prefix));
        if (encrypted) {
            settings.putAll(SecretTape.encryptionSettings(dir));
        }
        try (TapeStorageBackend storage = REGISTRY.create("redis", StorageSettings.of("redis", settings))) {
            SecretTape.record(storage);
            assertThat(storage.load(SecretTape.ID).frames()).hasSize(SecretTape.FRAMES);
        }
        StringBuilder all = new StringBuilder();
        try (Jedis jedis = new Jedis(java.net.URI.create(server.url()))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(prefix + "*").count(500));
                for (String key : page.getResult()) {
                    all.append(key).append('\n').append(value(jedis, key)).append('\n');
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return all.toString();
    }

    private static String value(Jedis jedis, String key) {
        String type = jedis.type(key);
        return switch (type) {
            case "string" -> jedis.get(key);
            case "hash" -> jedis.hgetAll(key).toString();
            case "stream" -> jedis.xrange(key, "-", "+").stream().map(e -> e.getFields().toString()).toList().toString();
            case "zset" -> jedis.zrange(key, 0, -1).toString();
            case "list" -> jedis.lrange(key, 0, -1).toString();
            case "set" -> jedis.smembers(key).toString();
            default -> throw new AssertionError("key " + key + " of type " + type + ": this test cannot read it");
        };
    }
}
