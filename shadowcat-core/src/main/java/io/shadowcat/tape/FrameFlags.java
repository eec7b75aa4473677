package io.shadowcat.tape;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What kind of JSON-RPC message a frame holds; derived from the message, stored for fast queries.
 *
 * @param isError a JSON-RPC error response, or a tool result that reports a failure ({@code "isError": true})
 */
public record FrameFlags(boolean isError, boolean isNotification, boolean requiresResponse) {

    public static final FrameFlags NONE = new FrameFlags(false, false, false);

    /** Classifies a JSON-RPC message (a batch array is classified by its first element). */
    public static FrameFlags of(JsonNode message) {
        JsonNode m = message != null && message.isArray() && message.size() > 0 ? message.get(0) : message;
        if (m == null || !m.isObject()) {
            return NONE;
        }
        boolean hasMethod = m.hasNonNull("method");
        boolean hasId = m.has("id") && !m.get("id").isNull();
        boolean failed = m.has("error") || m.path("result").path("isError").asBoolean(false);
        return new FrameFlags(failed, hasMethod && !hasId, hasMethod && hasId);
    }
}
