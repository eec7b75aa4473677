package io.shadowcat.http.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UpstreamUrlTest {

    @Test
    void userinfoAndEveryQueryValueAreMaskedOnTheTape() {
        UpstreamUrl url = UpstreamUrl.parse("https://alice:s3cret@mcp.example.com:8443/v1/mcp?key=abc123&region=eu&flag");
        assertEquals("https://[REDACTED]@mcp.example.com:8443/v1/mcp?key=[REDACTED]&region=[REDACTED]&flag", url.masked());
        assertEquals("https://mcp.example.com:8443", url.origin());
        assertEquals("/v1/mcp", url.path());
        assertEquals("alice:s3cret", url.userInfo());
    }

    @Test
    void aUrlWithoutPathIsServedAtTheRoot() {
        UpstreamUrl url = UpstreamUrl.parse("http://127.0.0.1:3001");
        assertEquals("/", url.path());
        assertEquals("http://127.0.0.1:3001", url.masked());
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedWithoutRepeatingItsSecrets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UpstreamUrl.parse("ftp://bob:hunter2@host/x?token=t0k"));
        assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("t0k"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UpstreamUrl.parse("http:///nohost"));
    }
}
