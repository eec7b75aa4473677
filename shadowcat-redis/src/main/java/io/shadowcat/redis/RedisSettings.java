package io.shadowcat.redis;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.support.Batching;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code redis} provider's settings, parsed and checked once. The password is held here only and never
 * appears in {@link #toString()}, {@link #where()} or any message.
 *
 * @param host          the server's host
 * @param port          the server's port
 * @param database      the logical database number
 * @param user          an ACL user name, or empty for the default user
 * @param password      the password, or empty
 * @param prefix        prepended to every key, so that several stores share one server
 * @param batchFrames   a live tape is committed at least every this many frames
 * @param batchInterval ... and at least this often
 * @param timeout       connect and socket timeout of every command
 * @param lease         how long a live writer's claim outlives its last renewal (its process may be dead)
 * @param retentionMaxAge a finished tape expires (server-side) this long after it finished
 * @param tls           true for a {@code rediss://} url
 * @param tlsCaFile     the PEM CA certificates a TLS server's certificate must chain to, instead of the JVM's
 * @param tlsClient     the certificate and key this client proves itself with, for a server that asks
 *                      ({@code tls-auth-clients yes})
 */
record RedisSettings(String host, int port, int database, Optional<String> user, Optional<String> password,
                     String prefix, int batchFrames, Duration batchInterval, Duration timeout, Duration lease,
                     Optional<Duration> retentionMaxAge, boolean tls, Optional<java.nio.file.Path> tlsCaFile,
                     Optional<ClientCertificate> tlsClient) {

    /**
     * A client certificate for TLS.
     *
     * @param certFile PEM: the client's certificate first, then any intermediates
     * @param keyFile  PEM: its private key, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY})
     */
    record ClientCertificate(java.nio.file.Path certFile, java.nio.file.Path keyFile) {
    }

    static final String URL = "url";
    static final String PASSWORD = "password";
    static final String DATABASE = "database";
    static final String PREFIX = "prefix";
    static final String TIMEOUT = "timeout";
    static final String LEASE = "lease";
    static final String RETENTION_MAX_AGE = "retention_max_age";
    static final String TLS_CA_FILE = "tls_ca_file";
    static final String TLS_CERT_FILE = "tls_cert_file";
    static final String TLS_KEY_FILE = "tls_key_file";

    static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigField.withDefault(URL, ConfigField.Type.STRING,
                    "redis://[user[:password]@]host[:port][/database], or rediss:// for TLS; the password is better"
                            + " given apart.",
                    "redis://127.0.0.1:6379/0"),
            ConfigField.optional(PASSWORD, ConfigField.Type.STRING,
                    "The server's password (AUTH); never logged. Overrides one in url."),
            ConfigField.optional(DATABASE, ConfigField.Type.INTEGER,
                    "The logical database (0 to 15 on a default server); overrides one in url."),
            ConfigField.withDefault(PREFIX, ConfigField.Type.STRING,
                    "Prepended to every key (letters, digits and _ - . : only), so stores can share a server.",
                    "shadowcat:"),
            Batching.framesField(10_000),
            Batching.intervalField(),
            ConfigField.withDefault(TIMEOUT, ConfigField.Type.DURATION,
                    "Connect and command timeout (100ms to 10m).", "10s"),
            ConfigField.withDefault(LEASE, ConfigField.Type.DURATION,
                    "A live tape whose writer has not renewed its claim for this long (1s to 1h) is reported"
                            + " as error (its process died).", "30s"),
            ConfigField.optional(RETENTION_MAX_AGE, ConfigField.Type.DURATION,
                    "A finished tape expires this long after it finished (e.g. 7d), through Redis key expiry;"
                            + " tapes being recorded, and recordings that never finished, never expire."),
            ConfigField.optional(TLS_CA_FILE, ConfigField.Type.STRING,
                    "With rediss://: a PEM file of the CA certificates the server's certificate must chain to"
                            + " (a private CA, a self-signed server), instead of the JVM's trusted ones."),
            ConfigField.optional(TLS_CERT_FILE, ConfigField.Type.STRING,
                    "With rediss:// and tls_key_file: a PEM file of the client certificate (then any"
                            + " intermediates) for a server that checks clients (tls-auth-clients)."),
            ConfigField.optional(TLS_KEY_FILE, ConfigField.Type.STRING,
                    "With tls_cert_file: a PEM file of the client's private key, unencrypted PKCS#8 (BEGIN"
                            + " PRIVATE KEY; openssl pkcs8 -topk8 -nocrypt converts others); never logged."));

    private static final Pattern PREFIX_CHARS = Pattern.compile("[A-Za-z0-9_.:-]{0,200}");

    /** Parses and checks every setting, naming the first bad key. */
    static RedisSettings from(StorageSettings settings) {
        SCHEMA.validate(settings);
        String provider = settings.provider().isEmpty() ? RedisStorageProvider.NAME : settings.provider();
        String url = settings.string(URL, "redis://127.0.0.1:6379/0").strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(provider, URL, "is not a URL (" + masked(url)
                    + "): expected redis://host:port/database");
        }
        boolean tls = "rediss".equals(uri.getScheme());
        if (!("redis".equals(uri.getScheme()) || tls) || uri.getHost() == null) {
            throw new InvalidConfigException(provider, URL, "expected redis://host[:port][/database] (rediss:// for"
                    + " TLS), got " + masked(url));
        }
        Optional<java.nio.file.Path> caFile = settings.get(TLS_CA_FILE).filter(f -> !f.isBlank())
                .map(java.nio.file.Path::of);
        if (caFile.isPresent() && !tls) {
            throw new InvalidConfigException(provider, TLS_CA_FILE, "is for TLS: use a rediss:// url with it");
        }
        if (caFile.isPresent() && !java.nio.file.Files.isReadable(caFile.get())) {
            throw new InvalidConfigException(provider, TLS_CA_FILE, "is not a readable file: " + caFile.get());
        }
        Optional<ClientCertificate> client = clientCertificate(settings, provider, tls);
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String u = colon < 0 ? "" : userInfo.substring(0, colon);
            user = u.isEmpty() ? Optional.empty() : Optional.of(u);
            password = Optional.of(colon < 0 ? userInfo : userInfo.substring(colon + 1));
        }
        if (settings.get(PASSWORD).isPresent()) {
            password = settings.get(PASSWORD);
        }
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(provider, URL, "the path of " + masked(url)
                        + " must be a database number, e.g. redis://host:6379/0");
            }
        }
        if (settings.get(DATABASE).isPresent()) {
            database = settings.intValue(DATABASE, 0);
        }
        if (database < 0) {
            throw new InvalidConfigException(provider, DATABASE, "must be 0 or more, got " + database);
        }
        String prefix = settings.string(PREFIX, "shadowcat:");
        if (!PREFIX_CHARS.matcher(prefix).matches()) {
            throw new InvalidConfigException(provider, PREFIX,
                    "may hold letters, digits and _ - . : only (at most 200), got '" + prefix + "'");
        }
        Batching batching = Batching.parse(settings, provider, 10_000);
        Duration timeout = settings.duration(TIMEOUT, Duration.ofSeconds(10));
        if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidConfigException(provider, TIMEOUT, "must be between 100ms and 10m, got " + timeout);
        }
        Duration lease = settings.duration(LEASE, Duration.ofSeconds(30));
        if (lease.toMillis() < 1000 || lease.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidConfigException(provider, LEASE, "must be between 1s and 1h, got " + lease);
        }
        Duration maxAge = settings.duration(RETENTION_MAX_AGE, null);
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new InvalidConfigException(provider, RETENTION_MAX_AGE, "must be positive, e.g. 7d");
        }
        return new RedisSettings(uri.getHost(), port, database, user, password, prefix, batching.frames(), batching.interval(),
                timeout, lease, Optional.ofNullable(maxAge), tls, caFile, client);
    }

    // Both files or neither, readable, and only with rediss://.
    private static Optional<ClientCertificate> clientCertificate(StorageSettings settings, String provider,
                                                                 boolean tls) {
        Optional<java.nio.file.Path> cert = settings.get(TLS_CERT_FILE).filter(f -> !f.isBlank())
                .map(java.nio.file.Path::of);
        Optional<java.nio.file.Path> key = settings.get(TLS_KEY_FILE).filter(f -> !f.isBlank())
                .map(java.nio.file.Path::of);
        if (cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        String given = cert.isPresent() ? TLS_CERT_FILE : TLS_KEY_FILE;
        if (!tls) {
            throw new InvalidConfigException(provider, given, "is for TLS: use a rediss:// url with it");
        }
        if (cert.isEmpty() || key.isEmpty()) {
            throw new InvalidConfigException(provider, given, "needs " + (cert.isEmpty() ? TLS_CERT_FILE
                    : TLS_KEY_FILE) + " too: a client certificate is given as both files");
        }
        for (var f : java.util.Map.of(TLS_CERT_FILE, cert.get(), TLS_KEY_FILE, key.get()).entrySet()) {
            if (!java.nio.file.Files.isReadable(f.getValue())) {
                throw new InvalidConfigException(provider, f.getKey(), "is not a readable file: " + f.getValue());
            }
        }
        return Optional.of(new ClientCertificate(cert.get(), key.get()));
    }

    /** Where the store is, for messages: no credentials. */
    String where() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database + " (prefix '" + prefix + "')";
    }

    @Override
    public String toString() {
        return where();
    }

    // A URL for messages: user info dropped, whatever it held.
    private static String masked(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }
}
