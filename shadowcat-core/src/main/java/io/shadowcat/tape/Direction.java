package io.shadowcat.tape;

import java.util.Locale;

/** Which way a message travelled. */
public enum Direction {
    CLIENT_TO_SERVER("client_to_server"),
    SERVER_TO_CLIENT("server_to_client");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in tape files: {@code client_to_server} or {@code server_to_client}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses the wire name, also accepting the legacy spellings {@code ClientToServer} and
     * {@code ServerToClient}.
     */
    public static Direction parse(String text) {
        String normalized = text.replace("_", "").toLowerCase(Locale.ROOT);
        switch (normalized) {
            case "clienttoserver":
                return CLIENT_TO_SERVER;
            case "servertoclient":
                return SERVER_TO_CLIENT;
            default:
                throw new IllegalArgumentException("unknown direction '" + text
                        + "': expected client_to_server or server_to_client");
        }
    }
}
