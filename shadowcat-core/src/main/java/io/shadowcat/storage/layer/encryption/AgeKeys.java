package io.shadowcat.storage.layer.encryption;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import io.shadowcat.storage.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The age keys of a storage, read from the files the settings name, as the {@code age} CLI reads them:
 * one key per line, blank lines and lines starting with {@code #} ignored. Key text never appears in an
 * error message: only the file and the line number.
 */
final class AgeKeys {

    private final List<String> recipients;
    private final List<String> identities;
    private final String identitySource;

    private AgeKeys(List<String> recipients, List<String> identities, String identitySource) {
        this.recipients = List.copyOf(recipients);
        this.identities = List.copyOf(identities);
        this.identitySource = identitySource;
    }

    /**
     * @param recipientsFile {@code age1...} public keys to write for, or null (this storage then only reads)
     * @param identityFile {@code AGE-SECRET-KEY-1...} private keys to read with, or null (only writes)
     * @throws InvalidConfigException naming the setting, the file and the line
     */
    static AgeKeys load(Path recipientsFile, Path identityFile) {
        List<String> recipients = recipientsFile == null ? List.of()
                : lines(EncryptionLayer.RECIPIENTS_FILE, recipientsFile, "age1", AgeKeys::checkRecipient);
        List<String> identities = identityFile == null ? List.of()
                : lines(EncryptionLayer.IDENTITY_FILE, identityFile, "AGE-SECRET-KEY-1", AgeKeys::checkIdentity);
        return new AgeKeys(recipients, identities, identityFile == null ? null : identityFile.toString());
    }

    /** Fresh stanza writers for one age file (cheap: decoding the keys, no key agreement yet). */
    List<RecipientStanzaWriter> writers() throws GeneralSecurityException {
        List<RecipientStanzaWriter> out = new ArrayList<>(recipients.size());
        for (String r : recipients) {
            out.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(r));
        }
        return out;
    }

    /** Fresh stanza readers for one age file. */
    List<RecipientStanzaReader> readers() throws GeneralSecurityException {
        List<RecipientStanzaReader> out = new ArrayList<>(identities.size());
        for (String i : identities) {
            out.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(i));
        }
        return out;
    }

    boolean canWrite() {
        return !recipients.isEmpty();
    }

    boolean canRead() {
        return !identities.isEmpty();
    }

    /** The identity file, for messages; null when none is configured. */
    String identitySource() {
        return identitySource;
    }

    /** These keys, writing for {@code other}'s recipients instead. */
    AgeKeys writingFor(AgeKeys other) {
        return new AgeKeys(other.recipients, identities, identitySource);
    }

    private interface Check {
        void check(String key) throws GeneralSecurityException;
    }

    private static void checkRecipient(String key) throws GeneralSecurityException {
        X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(key);
    }

    private static void checkIdentity(String key) throws GeneralSecurityException {
        X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(key);
    }

    private static List<String> lines(String setting, Path file, String prefix, Check check) {
        List<String> all;
        try {
            all = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigException(EncryptionLayer.NAME, setting, "cannot read " + file + " ("
                    + e.getClass().getSimpleName() + "); name a readable file");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            if (!line.startsWith(prefix)) {
                throw new InvalidConfigException(EncryptionLayer.NAME, setting, where + " is not an X25519 age key ("
                        + prefix + "...); only X25519 keys as age-keygen writes them are supported");
            }
            try {
                check.check(line);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new InvalidConfigException(EncryptionLayer.NAME, setting, where
                        + " is not a valid age key (bad encoding or checksum); copy it again from age-keygen's output");
            }
            keys.add(line);
        }
        if (keys.isEmpty()) {
            throw new InvalidConfigException(EncryptionLayer.NAME, setting, file + " holds no " + prefix
                    + "... key; write one per line (age-keygen writes them)");
        }
        return keys;
    }
}
