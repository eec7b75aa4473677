package io.shadowcat.http.wire;

import java.util.Locale;
import java.util.Set;

/**
 * Which HTTP headers carry secrets: they are relayed untouched but stored as {@value #MASK}. A header is a
 * secret when its name is {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} or
 * {@code Set-Cookie}, or when, lowercased and without {@code -} and {@code _}, it contains {@code apikey},
 * {@code token}, {@code secret}, {@code password}, {@code credential} or {@code auth} (so
 * {@code X-Api-Key}, {@code X-Auth-Token}, {@code X-Goog-Api-Key} and {@code Private-Token} are secrets,
 * {@code Mcp-Session-Id} is not). The rule is written once here for the recorder and replay alike.
 */
public final class SecretHeaders {

    /** What a secret header's value becomes on the tape (the body redactor's mask). */
    public static final String MASK = "[REDACTED]";

    private static final Set<String> NAMES = Set.of("authorization", "proxyauthorization", "cookie", "setcookie");
    private static final String[] PARTS = {"apikey", "token", "secret", "password", "credential", "auth"};

    private SecretHeaders() {
    }

    /** True when the header named {@code name} is never stored. */
    public static boolean isSecret(String name) {
        String n = normalize(name);
        if (NAMES.contains(n)) {
            return true;
        }
        for (String part : PARTS) {
            if (n.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** The value as stored: the value itself, or {@value #MASK} for a secret header. */
    public static String stored(String name, String value) {
        return isSecret(name) ? MASK : value;
    }

    private static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '-' && c != '_') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
