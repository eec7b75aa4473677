package io.shadowcat.redis;

import io.shadowcat.storage.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for a {@code rediss://} url: the server's certificate must chain to the JVM's trusted CAs, or to the
 * PEM certificates of {@code tls_ca_file} instead, and name the url's host (checked as HTTPS does: Jedis
 * alone would not check the name); with {@code tls_cert_file} and {@code tls_key_file}, this client shows
 * that certificate to a server that asks for one. The JDK's JSSE does the TLS; only the PEM armour of the
 * key is read here.
 */
final class RedisTls {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    // What a key of another armour says, so the message can name the conversion.
    private static final Pattern OTHER_KEY = Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----");
    private static final char[] NO_PASSWORD = new char[0];

    private RedisTls() {
    }

    /**
     * The socket factory trusting {@code caFile}'s certificates (PEM, one or more), or the JVM's when null, and
     * presenting {@code client} when not null.
     */
    static SSLSocketFactory socketFactory(Path caFile, RedisSettings.ClientCertificate client, String provider) {
        if (caFile == null && client == null) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(client == null ? null : keyManagers(client, provider),
                    caFile == null ? null : trustManagers(caFile, provider), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Path caFile, String provider) {
        List<Certificate> certs = certificates(caFile, RedisSettings.TLS_CA_FILE, provider);
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidConfigException(provider, RedisSettings.TLS_CA_FILE, "cannot be used ("
                    + e.getMessage() + "): " + caFile);
        }
    }

    private static KeyManager[] keyManagers(RedisSettings.ClientCertificate client, String provider) {
        List<Certificate> chain = certificates(client.certFile(), RedisSettings.TLS_CERT_FILE, provider);
        PrivateKey key = privateKey(client.keyFile(), provider);
        if (!matches(key, chain.get(0))) {
            throw new InvalidConfigException(provider, RedisSettings.TLS_KEY_FILE, "does not go with "
                    + RedisSettings.TLS_CERT_FILE + " (it is not the key of its first certificate): "
                    + client.keyFile());
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, NO_PASSWORD);
            return kmf.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            // e.g. a key that is not the certificate's (the message names no key material)
            throw new InvalidConfigException(provider, RedisSettings.TLS_KEY_FILE, "does not go with "
                    + RedisSettings.TLS_CERT_FILE + " (" + e.getMessage() + "): " + client.keyFile());
        }
    }

    // Whether the key signs what the certificate's public key verifies (JSSE would only find out in the handshake).
    private static boolean matches(PrivateKey key, Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // EdDSA: Ed25519, Ed448
        };
        byte[] probe = "shadowcat tls_key_file check".getBytes(StandardCharsets.US_ASCII);
        try {
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an RSA key with an EC certificate
        }
    }

    private static List<Certificate> certificates(Path file, String setting, String provider) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidConfigException(provider, setting, "holds no PEM certificate: " + file);
            }
            return List.copyOf(certs);
        } catch (IOException e) {
            throw new InvalidConfigException(provider, setting, "cannot be read (" + e + "): " + file);
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigException(provider, setting, "is not a PEM certificate file ("
                    + e.getMessage() + "): " + file);
        }
    }

    // An unencrypted PKCS#8 key of any algorithm the JDK knows (RSA, EC, Ed25519); its bytes never reach a message.
    private static PrivateKey privateKey(Path file, String provider) {
        String setting = RedisSettings.TLS_KEY_FILE;
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigException(provider, setting, "cannot be read (" + e.getClass().getSimpleName()
                    + "): " + file);
        }
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            Matcher other = OTHER_KEY.matcher(pem);
            throw new InvalidConfigException(provider, setting, (other.find() ? "holds a " + other.group(1)
                    + ", not an unencrypted PKCS#8 key" : "holds no PEM private key") + ": " + file
                    + " (convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(provider, setting, "is not valid PEM: " + file);
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new InvalidConfigException(provider, setting, "holds a private key of an algorithm this JVM cannot"
                + " use (RSA, EC or Ed25519 are): " + file);
    }

    /** Parameters that make the handshake check the certificate's name against the host. */
    static SSLParameters verifyingHostName() {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
