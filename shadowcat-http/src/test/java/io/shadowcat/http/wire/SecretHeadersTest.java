package io.shadowcat.http.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretHeadersTest {

    @Test
    void credentialsAndCookiesAreSecretsWhateverTheirCase() {
        for (String name : List.of("Authorization", "proxy-authorization", "COOKIE", "Set-Cookie", "X-Api-Key",
                "x_api_key", "X-Auth-Token", "X-Goog-Api-Key", "Private-Token", "X-Client-Secret", "X-Amz-Security-Token")) {
            assertTrue(SecretHeaders.isSecret(name), name);
            assertEquals(SecretHeaders.MASK, SecretHeaders.stored(name, "value"));
        }
    }

    @Test
    void theMcpHeadersAndOrdinaryOnesAreStoredAsTheyCame() {
        for (String name : List.of(McpHeaders.SESSION_ID, McpHeaders.PROTOCOL_VERSION, McpHeaders.METHOD, McpHeaders.NAME,
                McpHeaders.LAST_EVENT_ID, "Content-Type", "Accept", "User-Agent", "Host")) {
            assertFalse(SecretHeaders.isSecret(name), name);
            assertEquals("value", SecretHeaders.stored(name, "value"));
        }
    }
}
