package io.shadowcat.storage.layer.tamper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys as PEM files ({@code openssl genpkey -algorithm ed25519} for the PKCS#8 private key,
 * {@code openssl pkey -pubout} for the X.509 public key), through the JDK's own Ed25519. Messages name
 * the file, never key material.
 */
public final class Ed25519Keys {

    private Ed25519Keys() {
    }

    /**
     * The key pair of a PKCS#8 PEM private key file. The JDK does not derive an Ed25519 public key from a
     * private one, so the pair is generated again from the key's 32-byte seed (RFC 8032: the private key is
     * the seed), and checked by signing a probe.
     *
     * @throws IllegalArgumentException naming the file when it is not an Ed25519 PKCS#8 PEM key
     */
    public static KeyPair readPrivate(Path file) {
        byte[] der = pem(file, "PRIVATE KEY");
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] seed = ((EdECPrivateKey) key).getBytes()
                    .orElseThrow(() -> new GeneralSecurityException("no private key bytes"));
            KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
            gen.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair pair = gen.generateKeyPair();
            byte[] probe = "shadowcat key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            if (!verify(pair.getPublic(), probe, sig)) {
                throw new GeneralSecurityException("public key derivation check failed");
            }
            return new KeyPair(pair.getPublic(), key);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 private key in PKCS#8 PEM form (" + e.getMessage()
                    + "); write one with: openssl genpkey -algorithm ed25519 -out " + file.getFileName());
        }
    }

    /** An X.509 PEM public key file ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey readPublic(Path file) {
        byte[] der = pem(file, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 public key in PEM form (" + e.getMessage()
                    + "); write it with: openssl pkey -in KEY.pem -pubout -out " + file.getFileName());
        }
    }

    /** A short name of a public key: the first 16 bytes of the SHA-256 of its X.509 form, in hex. */
    public static String keyId(PublicKey key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static PublicKey publicFromX509(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }

    static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] pem(Path file, String type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(file + " holds no " + begin + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(file + ": the " + type + " block is not base64");
        }
    }

    /** Hands out the seed once: makes the JDK's generator rebuild the pair of a known private key. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("expected a request for " + seed.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
            Arrays.fill(seed, (byte) 0);
        }
    }
}
