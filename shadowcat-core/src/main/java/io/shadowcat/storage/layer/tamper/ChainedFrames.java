package io.shadowcat.storage.layer.tamper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeJson;

/**
 * Where a frame's chain value is kept: in its transport object, as
 * {@code {"chain":"HEX","transport":ORIGINAL}} ({@code transport} left out when the frame had none). So
 * it travels with the frame through every provider, export, import and migration, and a reader without
 * this layer sees it as plain transport metadata.
 */
final class ChainedFrames {

    static final String CHAIN = "chain";
    static final String TRANSPORT = "transport";

    private ChainedFrames() {
    }

    static Frame withChain(Frame f, byte[] value) {
        ObjectNode t = TapeJson.mapper().createObjectNode();
        t.put(CHAIN, HashChain.hex(value));
        if (f.transport() != null) {
            t.set(TRANSPORT, f.transport());
        }
        return new Frame(f.seq(), f.ts(), f.direction(), f.message(), t, f.correlationId(), f.flags(), f.timestamp(),
                f.text());
    }

    /** The chain value a stored frame carries, or null. */
    static String chain(Frame stored) {
        JsonNode t = stored.transport();
        if (t == null || !t.isObject() || !t.path(CHAIN).isTextual()) {
            return null;
        }
        for (var it = t.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals(CHAIN) && !name.equals(TRANSPORT)) {
                return null; // somebody's own transport object that happens to have a "chain" field
            }
        }
        return t.get(CHAIN).asText();
    }

    /** The frame as it was appended: the chain taken out of the transport (a frame without one as it is). */
    static Frame strip(Frame stored) {
        if (chain(stored) == null) {
            return stored;
        }
        JsonNode original = stored.transport().get(TRANSPORT);
        return new Frame(stored.seq(), stored.ts(), stored.direction(), stored.message(), original,
                stored.correlationId(), stored.flags(), stored.timestamp(), stored.text());
    }
}
