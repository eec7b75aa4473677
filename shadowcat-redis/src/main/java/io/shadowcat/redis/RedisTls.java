package io.shadowcat.redis;

import io.shadowcat.storage.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for a {@code rediss://} url: the server's certificate must chain to the JVM's trusted CAs, or to the
 * PEM certificates of {@code tls_ca_file} instead, and name the url's host (checked as HTTPS does: Jedis
 * alone would not check the name).
 */
final class RedisTls {

    private RedisTls() {
    }

    /** The socket factory trusting {@code caFile}'s certificates (PEM, one or more), or the JVM's when null. */
    static SSLSocketFactory socketFactory(Path caFile, String provider) {
        if (caFile == null) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidConfigException(provider, RedisSettings.TLS_CA_FILE, "holds no PEM certificate: "
                        + caFile);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new InvalidConfigException(provider, RedisSettings.TLS_CA_FILE, "cannot be read (" + e + "): "
                    + caFile);
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigException(provider, RedisSettings.TLS_CA_FILE, "is not a PEM certificate file ("
                    + e.getMessage() + "): " + caFile);
        }
    }

    /** Parameters that make the handshake check the certificate's name against the host. */
    static SSLParameters verifyingHostName() {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
