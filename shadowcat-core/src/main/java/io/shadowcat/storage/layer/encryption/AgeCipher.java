package io.shadowcat.storage.layer.encryption;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.EncryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import io.shadowcat.storage.StorageException;
import io.shadowcat.tape.TapeId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;

/** Bytes to one standard age file and back, through jagged; failures typed and named by tape and part. */
final class AgeCipher {

    private static final EncryptingChannelFactory ENCRYPTING = new StandardEncryptingChannelFactory();
    private static final DecryptingChannelFactory DECRYPTING = new StandardDecryptingChannelFactory();

    private final AgeKeys keys;

    AgeCipher(AgeKeys keys) {
        this.keys = keys;
    }

    AgeKeys keys() {
        return keys;
    }

    /** A complete age file holding {@code plain}. @param part names what is encrypted, for messages */
    byte[] encrypt(TapeId tape, String part, byte[] plain) {
        Encryption encryption = begin(tape, part, plain.length);
        encryption.write(plain, 0, plain.length);
        return encryption.finish();
    }

    /**
     * Starts an age file whose plaintext is written in pieces ({@link Encryption#write}) and which is complete
     * at {@link Encryption#finish}: the X25519 step runs here, each 64 KiB payload chunk is encrypted as it
     * fills. Not thread-safe; one thread at a time may use it.
     *
     * @param part names what is encrypted, for messages
     * @param expected the expected plaintext size, to size the buffer
     */
    Encryption begin(TapeId tape, String part, int expected) {
        if (!keys.canWrite()) {
            throw new StorageException("cannot write tape " + tape + ": the storage has no "
                    + EncryptionLayer.RECIPIENTS_FILE + "; set it to a file of age1... recipients");
        }
        return new Encryption(tape, part, expected);
    }

    /** One age file being written; see {@link #begin}. */
    final class Encryption {
        private final TapeId tape;
        private final String part;
        private final ByteArrayOutputStream out;
        private final WritableByteChannel channel;

        private Encryption(TapeId tape, String part, int expected) {
            this.tape = tape;
            this.part = part;
            this.out = new ByteArrayOutputStream(expected + expected / 1024 + 256);
            try {
                this.channel = ENCRYPTING.newEncryptingChannel(Channels.newChannel(out), keys.writers());
            } catch (GeneralSecurityException | IOException e) {
                throw failed(e);
            }
        }

        /** Encrypts the next {@code length} plaintext bytes of {@code plain} from {@code offset}. */
        void write(byte[] plain, int offset, int length) {
            ByteBuffer in = ByteBuffer.wrap(plain, offset, length);
            try {
                while (in.hasRemaining()) {
                    channel.write(in);
                }
            } catch (IOException e) {
                throw failed(e);
            }
        }

        /** Ends the plaintext; returns the complete age file. */
        byte[] finish() {
            try {
                channel.close();
            } catch (IOException e) {
                throw failed(e);
            }
            return out.toByteArray();
        }

        private StorageException failed(Exception e) {
            return new StorageException("cannot encrypt " + part + " of tape " + tape + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext of a complete age file, or an {@link EncryptedTapeException}: never part of it.
     *
     * @param part names what is decrypted (e.g. {@code segment 3}), for messages
     */
    byte[] decrypt(TapeId tape, String part, byte[] ageFile) {
        if (!keys.canRead()) {
            throw new EncryptedTapeException(tape, EncryptedTapeException.Reason.NO_IDENTITY, "tape " + tape
                    + " is encrypted and the storage has no " + EncryptionLayer.IDENTITY_FILE
                    + "; set it to the age identity file (age-keygen output) of one of its recipients", null);
        }
        ReadableByteChannel ch;
        try {
            ch = DECRYPTING.newDecryptingChannel(Channels.newChannel(new ByteArrayInputStream(ageFile)), keys.readers());
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new EncryptedTapeException(tape, EncryptedTapeException.Reason.WRONG_IDENTITY, "cannot decrypt "
                    + part + " of tape " + tape + " with the identities in " + keys.identitySource()
                    + ": none of them is a recipient of it, or its age header is damaged (" + reason(e) + ")", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, ageFile.length));
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try (ch) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
        } catch (IOException | RuntimeException e) {
            throw damaged(tape, part, "its ciphertext was modified or truncated (" + reason(e) + ")", e);
        }
        return out.toByteArray();
    }

    static EncryptedTapeException damaged(TapeId tape, String part, String what, Throwable cause) {
        return new EncryptedTapeException(tape, EncryptedTapeException.Reason.DAMAGED, "encrypted tape " + tape
                + " is damaged: " + part + ": " + what + "; restore it from a copy", cause);
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
