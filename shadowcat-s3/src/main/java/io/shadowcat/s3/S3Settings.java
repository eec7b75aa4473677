package io.shadowcat.s3;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.support.Batching;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code s3} provider's settings, parsed and checked once. The access key and the secret key are held
 * here only and never appear in {@link #toString()}, {@link #where()} or any message.
 *
 * @param bucket        the bucket, which must exist
 * @param prefix        prepended to every key (empty, or ending with '/'), so that stores share a bucket
 * @param region        the signing region
 * @param endpoint      an S3-compatible store's endpoint (MinIO, Ceph, R2, S3Proxy); empty for AWS itself
 * @param pathStyle     path-style requests ({@code endpoint/bucket/key}) instead of virtual-host style
 * @param accessKey     the access key id; empty: the SDK's default credential chain
 * @param secretKey     the secret access key, given with {@code accessKey}
 * @param partSize      objects larger than this are uploaded in parts of this size (multipart upload)
 * @param codec         how JSON Lines objects are stored
 * @param compact       a finished recording's segments are rewritten as one object
 * @param batchFrames   a live tape's frames are written as a segment at least every this many frames
 * @param batchInterval ... and at least this often
 * @param lease         a live tape whose writer has not renewed its claim for this long is reported as error
 * @param timeout       one request's time limit (each attempt), connecting included
 * @param maxAttempts   attempts per request: transient failures are retried with capped, jittered backoff
 * @param checksumsAlways the SDK's flexible checksums (CRC32) on every request that supports them, sent as a
 *                      trailer of an aws-chunked body; false: only where S3 requires one (for stores that do
 *                      not understand the trailer; SigV4 still signs every body's SHA-256 over http)
 */
record S3Settings(String bucket, String prefix, String region, Optional<URI> endpoint, boolean pathStyle,
                  Optional<String> accessKey, Optional<String> secretKey, long partSize, Codec codec,
                  boolean compact, int batchFrames, Duration batchInterval, Duration lease, Duration timeout,
                  int maxAttempts, boolean checksumsAlways) {

    static final String BUCKET = "bucket";
    static final String PREFIX = "prefix";
    static final String REGION = "region";
    static final String ENDPOINT = "endpoint";
    static final String PATH_STYLE = "path_style";
    static final String ACCESS_KEY = "access_key";
    static final String SECRET_KEY = "secret_key";
    static final String PART_SIZE = "part_size";
    static final String COMPRESSION = "compression";
    static final String COMPACT = "compact";
    static final String LEASE = "lease";
    static final String TIMEOUT = "timeout";
    static final String MAX_ATTEMPTS = "max_attempts";
    static final String CHECKSUMS = "checksums";

    static final long MIN_PART = 5L << 20; // S3's smallest part but the last
    static final long MAX_PART = 5L << 30; // and its largest

    static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigField.required(BUCKET, ConfigField.Type.STRING, "The bucket (it must exist; it is never created)."),
            ConfigField.withDefault(PREFIX, ConfigField.Type.STRING,
                    "Prepended to every key (letters, digits and _ - . / only), so stores can share a bucket.",
                    "shadowcat/"),
            ConfigField.withDefault(REGION, ConfigField.Type.STRING, "The signing region.", "us-east-1"),
            ConfigField.optional(ENDPOINT, ConfigField.Type.STRING,
                    "An S3-compatible store's URL (MinIO, Ceph, R2, S3Proxy), e.g. http://127.0.0.1:9000;"
                            + " absent: AWS S3 of the region."),
            ConfigField.withDefault(PATH_STYLE, ConfigField.Type.BOOLEAN,
                    "Path-style requests (endpoint/bucket/key), which most S3-compatible stores need.", "false"),
            ConfigField.optional(ACCESS_KEY, ConfigField.Type.STRING,
                    "The access key id, with secret_key; absent: the SDK's default credential chain"
                            + " (AWS_ACCESS_KEY_ID, ~/.aws, instance roles). Never logged."),
            ConfigField.optional(SECRET_KEY, ConfigField.Type.STRING,
                    "The secret access key, with access_key. Never logged."),
            ConfigField.withDefault(PART_SIZE, ConfigField.Type.STRING,
                    "Objects larger than this are uploaded in parts of this size (5MiB to 5GiB).", "8MiB"),
            ConfigField.withDefault(COMPRESSION, ConfigField.Type.STRING,
                    "How JSON Lines objects are stored: zstd (.jsonl.zst) or none (.jsonl).", "zstd"),
            ConfigField.withDefault(COMPACT, ConfigField.Type.BOOLEAN,
                    "A finished recording's segments are rewritten as one object (fewer requests to read it).",
                    "true"),
            Batching.framesField(100_000),
            Batching.intervalField(),
            ConfigField.withDefault(LEASE, ConfigField.Type.DURATION,
                    "A live tape whose writer has not renewed its claim for this long (5s to 1h) is reported as"
                            + " error (its process died); hosts' clocks must agree within it.", "60s"),
            ConfigField.withDefault(TIMEOUT, ConfigField.Type.DURATION,
                    "Time limit of one request attempt, connecting included (100ms to 10m).", "30s"),
            ConfigField.withDefault(MAX_ATTEMPTS, ConfigField.Type.INTEGER,
                    "Attempts per request (1 to 20): throttling, 5xx and connection resets are retried with"
                            + " exponential backoff and jitter, capped at 20s.", "5"),
            ConfigField.withDefault(CHECKSUMS, ConfigField.Type.STRING,
                    "when_supported: a CRC32 checksum on every request and response that supports one; when_required:"
                            + " only where S3 requires one, for stores that reject the SDK's checksum trailer"
                            + " (S3Proxy 2.x, older Ceph).", "when_supported"));

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX_CHARS = Pattern.compile("[A-Za-z0-9_./-]{0,200}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    /** Parses and checks every setting, naming the first bad key. */
    static S3Settings from(StorageSettings settings) {
        SCHEMA.validate(settings);
        String provider = settings.provider().isEmpty() ? S3StorageProvider.NAME : settings.provider();
        String bucket = settings.string(BUCKET, "").strip();
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new InvalidConfigException(provider, BUCKET, "'" + bucket + "' is not a bucket name (3 to 63 of"
                    + " a-z 0-9 . -, starting and ending with a letter or digit)");
        }
        String prefix = settings.string(PREFIX, "shadowcat/");
        if (!PREFIX_CHARS.matcher(prefix).matches() || prefix.startsWith("/") || prefix.contains("//")) {
            throw new InvalidConfigException(provider, PREFIX, "may hold letters, digits and _ - . / only (at most"
                    + " 200, no leading or doubled /), got '" + prefix + "'");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        String region = settings.string(REGION, "us-east-1").strip();
        if (!region.matches("[a-z0-9-]{1,40}")) {
            throw new InvalidConfigException(provider, REGION, "'" + region + "' is not a region, e.g. us-east-1");
        }
        Optional<URI> endpoint = settings.get(ENDPOINT).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> endpoint(provider, s));
        Optional<String> accessKey = settings.get(ACCESS_KEY).filter(s -> !s.isEmpty());
        Optional<String> secretKey = settings.get(SECRET_KEY).filter(s -> !s.isEmpty());
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new InvalidConfigException(provider, accessKey.isPresent() ? SECRET_KEY : ACCESS_KEY,
                    "is missing: give access_key and secret_key together, or neither (the SDK's default chain)");
        }
        long partSize = size(provider, settings.string(PART_SIZE, "8MiB"));
        if (partSize < MIN_PART || partSize > MAX_PART) {
            throw new InvalidConfigException(provider, PART_SIZE, "must be between 5MiB and 5GiB, got "
                    + settings.string(PART_SIZE, ""));
        }
        Codec codec = Codec.ofSetting(settings.string(COMPRESSION, "zstd"));
        if (codec == null) {
            throw new InvalidConfigException(provider, COMPRESSION, "must be zstd or none, got '"
                    + settings.string(COMPRESSION, "") + "'");
        }
        Batching batching = Batching.parse(settings, provider, 100_000);
        Duration lease = settings.duration(LEASE, Duration.ofSeconds(60));
        if (lease.toMillis() < 5000 || lease.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidConfigException(provider, LEASE, "must be between 5s and 1h, got " + lease);
        }
        Duration timeout = settings.duration(TIMEOUT, Duration.ofSeconds(30));
        if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidConfigException(provider, TIMEOUT, "must be between 100ms and 10m, got " + timeout);
        }
        long attempts = settings.longValue(MAX_ATTEMPTS, 5);
        if (attempts < 1 || attempts > 20) {
            throw new InvalidConfigException(provider, MAX_ATTEMPTS, "must be between 1 and 20, got " + attempts);
        }
        String checksums = settings.string(CHECKSUMS, "when_supported").strip().toLowerCase(Locale.ROOT);
        if (!checksums.equals("when_supported") && !checksums.equals("when_required")) {
            throw new InvalidConfigException(provider, CHECKSUMS, "must be when_supported or when_required, got '"
                    + checksums + "'");
        }
        return new S3Settings(bucket, prefix, region, endpoint, settings.bool(PATH_STYLE, false), accessKey,
                secretKey, partSize, codec, settings.bool(COMPACT, true), batching.frames(), batching.interval(),
                lease, timeout, (int) attempts, checksums.equals("when_supported"));
    }

    private static URI endpoint(String provider, String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidConfigException(provider, ENDPOINT, "expected http(s)://host[:port] without credentials,"
                + " got '" + text.replaceFirst("//[^/@]*@", "//***@") + "'");
    }

    private static long size(String provider, String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidConfigException(provider, PART_SIZE, "expected a size such as 8MiB or 16777216, got '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k", "kb", "kib" -> n << 10;
            case "m", "mb", "mib" -> n << 20;
            case "g", "gb", "gib" -> n << 30;
            default -> n;
        };
    }

    /** Where the store is, for messages: no credentials. */
    String where() {
        return "s3://" + bucket + "/" + prefix + endpoint.map(e -> " at " + e).orElse(" in " + region);
    }

    @Override
    public String toString() {
        return where();
    }
}
