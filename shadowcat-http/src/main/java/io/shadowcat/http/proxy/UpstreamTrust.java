package io.shadowcat.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Which certificates an {@code https://} upstream's certificate must chain to: the JVM's default CAs, or
 * instead the CA certificates of a PEM file (a private CA), read once when the proxy starts. The upstream's
 * host name is checked against its certificate either way (as HTTPS does). The JDK parses the PEM
 * ({@link CertificateFactory}) and does the TLS. Used through {@link io.shadowcat.http.HttpRecorder}; public
 * only for it.
 */
public final class UpstreamTrust {

    private static final UpstreamTrust JVM_DEFAULT = new UpstreamTrust(null, null);

    private final Path caFile;
    private final KeyStore trustStore; // null: the JVM's

    private UpstreamTrust(Path caFile, KeyStore trustStore) {
        this.caFile = caFile;
        this.trustStore = trustStore;
    }

    /** The JVM's default CAs. */
    public static UpstreamTrust jvmDefault() {
        return JVM_DEFAULT;
    }

    /**
     * The CA certificates of {@code pemFile} (one or more {@code BEGIN CERTIFICATE} blocks), instead of the JVM's.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate; the message names the file
     */
    public static UpstreamTrust caFile(Path pemFile) {
        Objects.requireNonNull(pemFile, "pemFile");
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(pemFile + " cannot be read (" + e.getMessage() + "): give the PEM file of the "
                    + "upstream's CA certificate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pemFile + " is not a PEM certificate file (" + e.getMessage() + "): give the "
                    + "CA certificate as PEM (-----BEGIN CERTIFICATE-----)", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(pemFile + " holds no certificate: give the CA certificate as PEM "
                    + "(-----BEGIN CERTIFICATE-----)");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null);
            int n = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + n++, c);
            }
            return new UpstreamTrust(pemFile, store);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JVM cannot hold certificates in a " + KeyStore.getDefaultType()
                    + " key store", e);
        }
    }

    /** The PEM file trusted, or null for the JVM's CAs. */
    public Path caFilePath() {
        return caFile;
    }

    /** The TLS settings of the proxy's HTTP client. */
    SslContextFactory.Client sslContextFactory() {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setEndpointIdentificationAlgorithm("HTTPS");
        if (trustStore != null) {
            ssl.setTrustStore(trustStore);
        }
        return ssl;
    }
}
