package io.shadowcat.storage.layer.tamper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.tape.TapeJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * What is signed at finalize, kept as the tape's metadata {@code checksum}, prefixed {@value #PREFIX}: the
 * tape id, frame count, last seq, final chain value, correlation count and digest, the time, the key id and
 * the public key, and the Ed25519 signature over all of that (the compact JSON of the other fields, in
 * this order).
 */
record SignedCheckpoint(String tape, long frames, long lastSeq, String hash, long correlations,
                        String correlationsHash, Instant at, String keyId, String publicKey, String signature) {

    static final String PREFIX = "shadowcat-checkpoint-v1:";

    static SignedCheckpoint sign(String tape, HashChain chain, Instant at, KeyPair key) {
        String pub = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
        SignedCheckpoint unsigned = new SignedCheckpoint(tape, chain.frames(), chain.lastSeq(),
                HashChain.hex(chain.last()), chain.correlationCount(), HashChain.hex(chain.correlationsDigest()),
                at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), Ed25519Keys.keyId(key.getPublic()), pub, null);
        byte[] sig = Ed25519Keys.sign(key.getPrivate(), unsigned.signedBytes());
        return unsigned.withSignature(Base64.getEncoder().encodeToString(sig));
    }

    private SignedCheckpoint withSignature(String sig) {
        return new SignedCheckpoint(tape, frames, lastSeq, hash, correlations, correlationsHash, at, keyId, publicKey, sig);
    }

    /** True when the checksum text is a checkpoint of this layer. */
    static boolean isCheckpoint(String checksum) {
        return checksum != null && checksum.startsWith(PREFIX);
    }

    /** @throws IllegalArgumentException when the text is not a well-formed checkpoint */
    static SignedCheckpoint parse(String checksum) {
        JsonNode n = TapeJson.parse(checksum.substring(PREFIX.length()));
        if (!n.isObject() || !n.path("signature").isTextual()) {
            throw new IllegalArgumentException("the checkpoint is not a signed checkpoint object");
        }
        return new SignedCheckpoint(n.path("tape").asText(), n.path("frames").asLong(-1), n.path("last_seq").asLong(-1),
                n.path("hash").asText(), n.path("correlations").asLong(-1), n.path("correlations_hash").asText(),
                Instant.parse(n.path("at").asText()), n.path("key_id").asText(), n.path("public_key").asText(),
                n.path("signature").asText());
    }

    String text() {
        ObjectNode n = fields();
        n.put("signature", signature);
        return PREFIX + TapeJson.compact(n);
    }

    /** The public key the checkpoint names. */
    PublicKey embeddedKey() throws GeneralSecurityException {
        return Ed25519Keys.publicFromX509(Base64.getDecoder().decode(publicKey));
    }

    /** Whether {@code key} made this signature. */
    boolean signedBy(PublicKey key) {
        try {
            return Ed25519Keys.verify(key, signedBytes(), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException badBase64) {
            return false;
        }
    }

    private byte[] signedBytes() {
        return TapeJson.compact(fields()).getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode fields() {
        ObjectNode n = TapeJson.mapper().createObjectNode();
        n.put("v", 1);
        n.put("tape", tape);
        n.put("frames", frames);
        n.put("last_seq", lastSeq);
        n.put("hash", hash);
        n.put("correlations", correlations);
        n.put("correlations_hash", correlationsHash);
        n.put("at", at.toString());
        n.put("key_id", keyId);
        n.put("public_key", publicKey);
        return n;
    }
}
