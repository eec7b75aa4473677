package io.shadowcat.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.Direction;

/**
 * Learns what the MCP {@code initialize} exchange says about the session: the protocol version the
 * server agreed to and the client's and server's names and versions.
 */
final class HandshakeObserver {

    private JsonNode initializeId;
    private String requestedVersion;
    private String negotiatedVersion;
    private String client;
    private String server;

    /** Observes a message (not redacted yet); true when it taught us something new. */
    boolean observe(Direction direction, JsonNode message) {
        if (message.isArray()) {
            boolean learned = false;
            for (JsonNode element : message) {
                learned |= observe(direction, element);
            }
            return learned;
        }
        if (!message.isObject()) {
            return false;
        }
        if (direction == Direction.CLIENT_TO_SERVER && "initialize".equals(message.path("method").asText(null))) {
            initializeId = message.get("id");
            JsonNode params = message.path("params");
            requestedVersion = text(params.get("protocolVersion"));
            client = describe(params.get("clientInfo"));
            return true;
        }
        if (direction == Direction.SERVER_TO_CLIENT && initializeId != null && initializeId.equals(message.get("id"))
                && message.has("result")) {
            JsonNode result = message.get("result");
            negotiatedVersion = text(result.get("protocolVersion"));
            server = describe(result.get("serverInfo"));
            initializeId = null;
            return true;
        }
        return false;
    }

    /** The version the server answered with, else the one the client asked for, else null. */
    String protocolVersion() {
        return negotiatedVersion != null ? negotiatedVersion : requestedVersion;
    }

    /** {@code name version} of the server, or null before the handshake. */
    String serverName() {
        return server;
    }

    /** A one-line description of the session's parties, or null when nothing is known. */
    String description() {
        if (client == null && server == null) {
            return null;
        }
        return "MCP session: client " + (client == null ? "unknown" : client) + ", server "
                + (server == null ? "unknown" : server);
    }

    private static String describe(JsonNode info) {
        if (info == null || !info.isObject()) {
            return null;
        }
        String name = text(info.get("name"));
        String version = text(info.get("version"));
        if (name == null) {
            return null;
        }
        return version == null ? name : name + " " + version;
    }

    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
