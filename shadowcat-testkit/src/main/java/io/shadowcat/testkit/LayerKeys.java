package io.shadowcat.testkit;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * Fresh keys for tests of the storage layers, written as the real tools write them: an age key pair
 * ({@code age-keygen}'s identity file and a recipients file) and an Ed25519 PKCS#8 PEM signing key
 * ({@code openssl genpkey -algorithm ed25519}) with its X.509 PEM public key.
 */
public final class LayerKeys {

    /** An age identity file and the recipients file of its public key. */
    public record AgeFiles(Path identity, Path recipients, String recipient) {
    }

    /** An Ed25519 signing key and its public key, as PEM files. */
    public record SigningFiles(Path privateKey, Path publicKey) {
    }

    private LayerKeys() {
    }

    /** Writes {@code NAME.key.txt} and {@code NAME.recipients.txt} into {@code dir}. */
    public static AgeFiles age(Path dir, String name) {
        try {
            KeyPair kp = new X25519KeyPairGenerator().generateKeyPair();
            Path identity = dir.resolve(name + ".key.txt");
            Path recipients = dir.resolve(name + ".recipients.txt");
            String recipient = kp.getPublic().toString();
            Files.writeString(identity, "# created: by LayerKeys\n# public key: " + recipient + "\n"
                    + kp.getPrivate().toString() + "\n", StandardCharsets.US_ASCII);
            Files.writeString(recipients, "# " + name + "\n" + recipient + "\n", StandardCharsets.US_ASCII);
            return new AgeFiles(identity, recipients, recipient);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code NAME.pem} (PKCS#8 private key) and {@code NAME.pub.pem} into {@code dir}. */
    public static SigningFiles ed25519(Path dir, String name) {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path priv = dir.resolve(name + ".pem");
            Path pub = dir.resolve(name + ".pub.pem");
            Files.writeString(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            return new SigningFiles(priv, pub);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
