package io.shadowcat.storage.layer.tamper;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Checks tapes written through the {@link TamperLayer}: every frame's chain value, then the signed
 * checkpoint (count, final value, correlations, signature). Give it the storage <em>without</em> the
 * tamper layer (which would hide the chain values): the provider, or the provider under the other layers.
 * Streams frames, so any length is checked in bounded memory.
 */
public final class TapeVerifier {

    private final TapeStorageBackend stored;
    private final PublicKey trusted;

    /**
     * @param trusted the signer's public key; null to check the signature against the key the checkpoint
     *     names (which proves the tape unchanged since signing, not who signed it)
     */
    public TapeVerifier(TapeStorageBackend stored, PublicKey trusted) {
        this.stored = stored;
        this.trusted = trusted;
    }

    /** @throws io.shadowcat.storage.TapeNotFoundException when the tape is not stored */
    public Verification verify(TapeId id) {
        TapeHeader header = stored.header(id);
        String text = header.metadata().checksum();
        SignedCheckpoint cp = null;
        if (SignedCheckpoint.isCheckpoint(text)) {
            try {
                cp = SignedCheckpoint.parse(text);
            } catch (RuntimeException e) {
                return broken(id, 0, -1, "its checkpoint is unreadable (" + e.getMessage() + ")");
            }
        }
        HashChain chain = HashChain.start(header);
        byte[] previous = chain.last();
        try (Stream<Frame> frames = stored.streamFrames(id)) {
            Iterator<Frame> it = frames.iterator();
            while (it.hasNext()) {
                Frame f = it.next();
                long n = chain.frames();
                if (cp != null && n == cp.frames()) {
                    return broken(id, n, f.seq(), "frame " + f.seq() + " was appended after the checkpoint signed "
                            + cp.frames() + " frames");
                }
                String value = ChainedFrames.chain(f);
                if (value == null) {
                    return broken(id, n, f.seq(), "frame " + f.seq() + " (record " + (n + 1) + ") carries no chain value");
                }
                Frame plain = ChainedFrames.strip(f);
                byte[] expected = HashChain.link(previous, plain);
                if (!Arrays.equals(expected, unhex(value))) {
                    return broken(id, n, f.seq(), "frame " + f.seq() + " (record " + (n + 1) + ") does not match the chain:"
                            + " it was altered, or a frame before it was removed or moved");
                }
                chain.advance(plain, expected);
                previous = expected;
            }
        } catch (StorageException e) {
            return broken(id, chain.frames(), -1, "unreadable after " + chain.frames() + " frames: " + e.getMessage());
        }
        try (Stream<Correlation> correlations = stored.streamCorrelations(id)) {
            correlations.forEach(chain::accept);
        } catch (StorageException e) {
            return broken(id, chain.frames(), -1, "correlations unreadable: " + e.getMessage());
        }
        if (cp == null) {
            if (header.metadata().status() == TapeStatus.RECORDING) {
                return new Verification(id, Verification.Outcome.UNSIGNED, chain.frames(), -1, "chain intact over "
                        + chain.frames() + " frames; not signed yet (still recording)");
            }
            return broken(id, chain.frames(), -1, "it is " + header.metadata().status().wireName()
                    + " but has no signed checkpoint (its checksum was removed, or it was not written with signing_key_file)");
        }
        String mismatch = mismatch(id, cp, chain);
        if (mismatch != null) {
            return broken(id, chain.frames(), cp.frames() > chain.frames() ? chain.lastSeq() : -1, mismatch);
        }
        if (trusted != null) {
            if (!cp.signedBy(trusted)) {
                return broken(id, chain.frames(), -1, "the checkpoint was signed by key " + cp.keyId()
                        + ", not by the given public key " + Ed25519Keys.keyId(trusted));
            }
            return new Verification(id, Verification.Outcome.INTACT, chain.frames(), -1, chain.frames()
                    + " frames, signed by key " + cp.keyId() + " at " + cp.at());
        }
        return new Verification(id, Verification.Outcome.INTACT, chain.frames(), -1, chain.frames()
                + " frames, signed by key " + cp.keyId() + " at " + cp.at()
                + " (checked with the key the checkpoint names; pass --public-key to check whose it is)");
    }

    /** What makes {@code cp} disagree with the tape the chain was fed, or null when they agree. */
    static String mismatch(TapeId id, SignedCheckpoint cp, HashChain chain) {
        if (!cp.tape().equals(id.value())) {
            return "its checkpoint was signed for tape " + cp.tape();
        }
        if (cp.frames() > chain.frames()) {
            return "frames are missing: the checkpoint signed " + cp.frames() + " frames, " + chain.frames()
                    + " are stored (the last one is seq " + chain.lastSeq() + ")";
        }
        if (cp.frames() < chain.frames()) {
            return "frames were appended: the checkpoint signed " + cp.frames() + ", " + chain.frames() + " are stored";
        }
        if (!cp.hash().equals(HashChain.hex(chain.last()))) {
            return "the final chain value differs from the signed one";
        }
        if (cp.correlations() != chain.correlationCount()
                || !cp.correlationsHash().equals(HashChain.hex(chain.correlationsDigest()))) {
            return "correlations were changed: the checkpoint signed " + cp.correlations() + ", "
                    + chain.correlationCount() + " are stored or they differ";
        }
        try {
            if (!cp.signedBy(cp.embeddedKey())) {
                return "the checkpoint's signature does not match it (key " + cp.keyId() + ")";
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "the checkpoint's public key is unreadable";
        }
        try {
            if (!Ed25519Keys.keyId(cp.embeddedKey()).equals(cp.keyId())) {
                return "the checkpoint's key id does not name its public key";
            }
        } catch (GeneralSecurityException e) {
            return "the checkpoint's public key is unreadable";
        }
        return null;
    }

    private static byte[] unhex(String value) {
        try {
            return HashChain.unhex(value);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static Verification broken(TapeId id, long frames, long seq, String detail) {
        return new Verification(id, Verification.Outcome.BROKEN, frames, seq, detail);
    }
}
