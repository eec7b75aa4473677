package io.shadowcat.storage.layer.encryption;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Operations on the stored (encrypted) form of tapes, given the backend the encryption layer wraps: writing
 * a tape's segments out as plain {@code .age} files, and re-encrypting tapes for new recipients.
 */
public final class AgeSegments {

    private AgeSegments() {
    }

    /**
     * Writes each stored segment of tape {@code id} as {@code DIR/ID.NNNNNN.age}, a standard age file:
     * {@code age -d -i key.txt ID.000000.age} prints that segment as Shadowcat JSON Lines, and the segments
     * decrypted in order and concatenated are the whole tape. No key is needed.
     *
     * @param stored the backend below the encryption layer
     * @return the files written, in order
     */
    public static List<Path> export(TapeStorageBackend stored, TapeId id, Path dir) throws IOException {
        if (!SealedHeader.isSealed(stored.header(id))) {
            throw new StorageException("tape " + id + " is not encrypted: there are no age files to export; use tape export");
        }
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        Segments.Joiner joiner = new Segments.Joiner(id);
        try (Stream<Frame> parts = stored.streamFrames(id)) {
            for (Frame part : (Iterable<Frame>) parts::iterator) {
                long index = joiner.segments();
                byte[] ageFile = joiner.accept(part);
                if (ageFile != null) {
                    Path file = dir.resolve(String.format("%s.%06d.age", id.value(), index));
                    writeDurably(file, ageFile);
                    out.add(file);
                }
            }
        }
        return out;
    }

    /**
     * Re-encrypts tape {@code id} for the recipients in {@code newRecipients}, reading it with the identities
     * of {@code settings}; the whole tape is decrypted and checked before anything is written. The provider's
     * save then replaces it: in one transaction on a database, so a crash leaves the old or the new form; the
     * filesystem provider replaces the frames file and then the metadata file, each atomically, so a crash in
     * between leaves new segments under the old sealed header, which reads with both identities configured
     * and is completed by running the rekey again. A tape stored in the clear is encrypted. Holds the tape in
     * memory while it runs.
     *
     * @param stored the backend below the encryption layer
     * @param settings the encryption layer's settings (its {@value EncryptionLayer#IDENTITY_FILE} is read)
     */
    public static void rekey(TapeStorageBackend stored, StorageSettings settings, Path newRecipients, TapeId id) {
        AgeKeys current = EncryptionLayer.keys(settings);
        AgeKeys target = current.writingFor(AgeKeys.load(newRecipients, null));
        EncryptedBackend reading = new EncryptedBackend(stored, new AgeCipher(current));
        Tape plain = reading.load(id); // all of it decrypted and checked before anything is written
        stored.save(new EncryptedBackend(stored, new AgeCipher(target)).seal(plain));
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
