package io.shadowcat.postgres;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.support.Batching;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code postgres} provider's settings, parsed and checked once, before anything connects. The password
 * is held here only and never appears in {@link #toString()}, {@link #where()} or any message.
 *
 * @param url           the JDBC URL, {@code jdbc:postgresql://host:port/database} (no credentials in it)
 * @param user          the role to connect as, or empty for the driver's default
 * @param password      the password: the setting, else {@code PGPASSWORD}, else the password file as libpq reads
 *                      it ({@link PgPass}); or empty
 * @param passwordFrom  where the password came from, for messages ("the password setting", "PGPASSWORD", "password
 *                      file /home/me/.pgpass", "no password")
 * @param schema        the PostgreSQL schema holding the tables, so several stores share one database
 * @param poolSize      connections pooled for reads and saves (each live writer holds one more of its own)
 * @param batchFrames   a live tape is committed at least every this many frames
 * @param batchInterval ... and at least this often
 */
record PostgresSettings(String url, Optional<String> user, Optional<String> password, String passwordFrom,
                        String schema, int poolSize, int batchFrames, Duration batchInterval) {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresSettings.class);

    static final String URL = "url";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String SCHEMA_NAME = "schema";
    static final String POOL_SIZE = "pool_size";

    static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigField.withDefault(URL, ConfigField.Type.STRING,
                    "jdbc:postgresql://host[:port]/database; credentials go in user and password, not here.",
                    "jdbc:postgresql://127.0.0.1:5432/shadowcat"),
            ConfigField.optional(USER, ConfigField.Type.STRING, "The role to connect as."),
            ConfigField.optional(PASSWORD, ConfigField.Type.STRING,
                    "The role's password; never logged. Default: the PGPASSWORD environment variable, else the"
                            + " password file (PGPASSFILE, else ~/.pgpass, mode 0600) as libpq reads it."),
            ConfigField.withDefault(SCHEMA_NAME, ConfigField.Type.STRING,
                    "The PostgreSQL schema holding the tables (lower-case letters, digits and _), so stores can"
                            + " share a database.", "shadowcat"),
            ConfigField.withDefault(POOL_SIZE, ConfigField.Type.INTEGER,
                    "Pooled connections for reads and saves (1 to 200); each live recording holds one more.", "8"),
            Batching.framesField(10_000),
            Batching.intervalField());

    private static final Pattern JDBC_URL =
            Pattern.compile("jdbc:postgresql://([^/?#@]+)/([^/?#@]+)(\\?[^#@]*)?");
    // the first host of the URL's host list: name or [IPv6], optional port
    private static final Pattern FIRST_HOST = Pattern.compile("(\\[[^\\]]*\\]|[^:,\\[]+)(?::(\\d+))?(?:,.*)?");
    private static final Pattern SCHEMA_CHARS = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Parses and checks every setting, naming the first bad key; {@code env} is the process environment. */
    static PostgresSettings from(StorageSettings settings, java.util.function.Function<String, String> env) {
        SCHEMA.validate(settings);
        String provider = settings.provider().isEmpty() ? PostgresStorageProvider.NAME : settings.provider();
        String url = settings.string(URL, "jdbc:postgresql://127.0.0.1:5432/shadowcat").strip();
        if (url.contains("@") || url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new InvalidConfigException(provider, URL, "must not hold credentials: give them in the user and"
                    + " password settings (or PGPASSWORD)");
        }
        Matcher m = JDBC_URL.matcher(url);
        if (!m.matches()) {
            throw new InvalidConfigException(provider, URL, "expected jdbc:postgresql://host[:port]/database, got '"
                    + url + "'");
        }
        Optional<String> user = settings.get(USER).filter(u -> !u.isBlank());
        Optional<String> password = settings.get(PASSWORD);
        String from = "the password setting";
        if (password.isEmpty()) {
            password = Optional.ofNullable(env.apply("PGPASSWORD")).filter(p -> !p.isEmpty());
            from = "PGPASSWORD";
        }
        if (password.isEmpty()) {
            Matcher host = FIRST_HOST.matcher(m.group(1));
            Optional<java.nio.file.Path> file = PgPass.file(env);
            if (host.matches() && file.isPresent()) {
                String name = host.group(1).startsWith("[") ? host.group(1).substring(1, host.group(1).length() - 1)
                        : host.group(1);
                int port = host.group(2) == null ? 5432 : Integer.parseInt(host.group(2));
                String database = java.net.URLDecoder.decode(m.group(2), java.nio.charset.StandardCharsets.UTF_8);
                password = PgPass.lookup(file.get(), name, port, database,
                        user.orElse(System.getProperty("user.name", "")), w -> LOG.warn("postgres: {}", w));
                from = "password file " + file.get();
            }
        }
        if (password.isEmpty()) {
            from = "no password (none set, no PGPASSWORD, no matching password file line)";
        }
        String schema = settings.string(SCHEMA_NAME, "shadowcat");
        if (!SCHEMA_CHARS.matcher(schema).matches() || schema.startsWith("pg_")) {
            throw new InvalidConfigException(provider, SCHEMA_NAME, "may hold lower-case letters, digits and _ only"
                    + " (at most 63, not starting with a digit or pg_), got '" + schema + "'");
        }
        long pool = settings.longValue(POOL_SIZE, 8);
        if (pool < 1 || pool > 200) {
            throw new InvalidConfigException(provider, POOL_SIZE, "must be between 1 and 200, got " + pool);
        }
        Batching batching = Batching.parse(settings, provider, 10_000);
        return new PostgresSettings(url, user, password, from, schema, (int) pool, batching.frames(),
                batching.interval());
    }

    /** Where the store is, for messages: no credentials. */
    String where() {
        return url + " (schema " + schema + user.map(u -> ", user " + u).orElse("") + ")";
    }

    @Override
    public String toString() {
        return where();
    }

    /** The connection properties, the password among them: for the driver only. */
    java.util.Properties connectionProperties() {
        java.util.Properties p = new java.util.Properties();
        user.ifPresent(u -> p.setProperty("user", u));
        // always set, so the driver never reads a password file itself (it would skip libpq's 0600 rule)
        p.setProperty("password", password.orElse(""));
        p.setProperty("ApplicationName", "shadowcat");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("reWriteBatchedInserts", "true"); // a batch of frame rows is one multi-row INSERT
        return p;
    }
}
