package io.shadowcat.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket as this provider uses it: a few operations on keys, each failure (after the SDK's retries)
 * turned into one storage error by {@link S3Failures}. The client retries throttling, 5xx and connection
 * failures with the standard strategy, exponential backoff with full jitter from 100ms capped at 20s, for
 * {@code max_attempts} attempts; request and response checksums are on wherever S3 supports them (unless the
 * {@code checksums} setting limits them to where S3 requires them).
 *
 * <p>Thread-safe: the SDK client is.
 */
final class S3Objects implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 64;
    private static final int DELETE_BATCH = 1000; // DeleteObjects' limit

    private final S3Settings settings;
    private final S3Client client;

    private S3Objects(S3Settings settings, S3Client client) {
        this.settings = settings;
        this.client = client;
    }

    static S3Objects connect(S3Settings settings) {
        AwsCredentialsProvider credentials = settings.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey().get(),
                        settings.secretKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
        Duration timeout = settings.timeout();
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(MAX_CONNECTIONS)
                        .connectionTimeout(timeout).socketTimeout(timeout))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(settings.checksumsAlways() ? RequestChecksumCalculation.WHEN_SUPPORTED
                        : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(settings.checksumsAlways() ? ResponseChecksumValidation.WHEN_SUPPORTED
                        : ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(timeout)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100),
                                        Duration.ofSeconds(20)))
                                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500),
                                        Duration.ofSeconds(20)))
                                .build()));
        settings.endpoint().ifPresent(b::endpointOverride);
        return new S3Objects(settings, b.build());
    }

    S3Settings settings() {
        return settings;
    }

    /**
     * Checks the bucket is there and these credentials reach it: a one-key listing, whose error body says which
     * (HeadBucket's 403 cannot tell bad credentials from missing rights).
     */
    void checkBucket(String action) {
        call(action, () -> client.listObjectsV2(r -> r.bucket(settings.bucket()).prefix(settings.prefix()).maxKeys(1)));
    }

    void put(String key, byte[] body, String action) {
        call(action, () -> client.putObject(r -> r.bucket(settings.bucket()).key(key), RequestBody.fromBytes(body)));
    }

    /**
     * Creates {@code key} unless it exists ({@code If-None-Match: *}): false when it did. A store that ignores
     * the header overwrites instead and answers true: the store probes for that when it opens ({@link S3TapeStore}).
     */
    boolean putIfAbsent(String key, byte[] body, String action) {
        try {
            call(action, () -> client.putObject(r -> r.bucket(settings.bucket()).key(key).ifNoneMatch("*"),
                    RequestBody.fromBytes(body)));
            return true;
        } catch (io.shadowcat.storage.StorageException e) {
            if (e.getCause() instanceof AwsServiceException s && (s.statusCode() == 412 || s.statusCode() == 409)) {
                return false; // 412: it exists; 409: another create of it is under way, which wins
            }
            throw e;
        }
    }

    /** The object's bytes, or empty when there is none. */
    Optional<byte[]> get(String key, String action) {
        try (InputStream in = open(key, action).orElse(null)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new io.shadowcat.storage.StorageException("s3 storage " + settings.where() + ": reading " + key
                    + " failed while " + action + " (" + e.getMessage() + "): try again", e);
        }
    }

    /** The object's content as a stream (close it), or empty when there is none. */
    Optional<ResponseInputStream<GetObjectResponse>> open(String key, String action) {
        try {
            return Optional.of(call(action, () -> client.getObject(r -> r.bucket(settings.bucket()).key(key))));
        } catch (io.shadowcat.storage.StorageException e) {
            if (e.getCause() instanceof NoSuchKeyException
                    || (e.getCause() instanceof AwsServiceException s && s.statusCode() == 404
                    && !"NoSuchBucket".equals(code(s)))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether the object exists. */
    boolean exists(String key, String action) {
        try {
            call(action, () -> client.headObject(r -> r.bucket(settings.bucket()).key(key)));
            return true;
        } catch (io.shadowcat.storage.StorageException e) {
            if (e.getCause() instanceof AwsServiceException s && s.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Every object under {@code prefix}, in key order, a ListObjectsV2 page (1,000 keys) per request. */
    List<S3Object> list(String prefix, String action) {
        List<S3Object> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = call(action, () -> client.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(settings.bucket()).prefix(prefix).continuationToken(t).build()));
            out.addAll(page.contents());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    /** Deletes the keys (DeleteObjects, 1,000 a request); absent ones are no error. */
    void delete(List<String> keys, String action) {
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> ids = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            var r = call(action, () -> client.deleteObjects(d -> d.bucket(settings.bucket())
                    .delete(Delete.builder().objects(ids).quiet(true).build())));
            if (r.hasErrors() && !r.errors().isEmpty()) {
                var first = r.errors().get(0);
                throw new io.shadowcat.storage.StorageException("s3 storage " + settings.where() + " did not delete "
                        + r.errors().size() + " objects while " + action + " (" + first.key() + ": " + first.code()
                        + " " + first.message() + "): check the credentials' s3:DeleteObject right, then retry");
            }
        }
    }

    void delete(String key, String action) {
        call(action, () -> client.deleteObject(r -> r.bucket(settings.bucket()).key(key)));
    }

    /**
     * An upload of {@code key} written as a stream: one PutObject when it stays under {@code part_size}, else a
     * multipart upload of {@code part_size} parts, aborted when the stream is not completed. The object appears
     * whole at {@link Upload#complete}, or not at all.
     */
    Upload upload(String key, String action) {
        return new Upload(key, action);
    }

    /** See {@link #upload}. Not thread-safe. */
    final class Upload extends OutputStream {

        private final String key;
        private final String action;
        private final byte[] part = new byte[(int) Math.min(settings.partSize(), Integer.MAX_VALUE - 16)];
        private final List<CompletedPart> parts = new ArrayList<>();
        private int filled;
        private String uploadId;
        private boolean done;

        private Upload(String key, String action) {
            this.key = key;
            this.action = action;
        }

        @Override
        public void write(int b) {
            if (filled == part.length) {
                sendPart();
            }
            part[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (filled == part.length) {
                    sendPart();
                }
                int n = Math.min(len, part.length - filled);
                System.arraycopy(b, off, part, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void sendPart() {
            if (uploadId == null) {
                uploadId = call(action, () -> client.createMultipartUpload(r -> r.bucket(settings.bucket()).key(key)))
                        .uploadId();
            }
            int number = parts.size() + 1;
            byte[] body = java.util.Arrays.copyOf(part, filled);
            String etag = call(action, () -> client.uploadPart(r -> r.bucket(settings.bucket()).key(key)
                    .uploadId(uploadId).partNumber(number), RequestBody.fromBytes(body))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        }

        /** Makes the object appear, whole. */
        void complete() {
            if (uploadId == null) {
                put(key, java.util.Arrays.copyOf(part, filled), action);
            } else {
                if (filled > 0) {
                    sendPart();
                }
                call(action, () -> client.completeMultipartUpload(r -> r.bucket(settings.bucket()).key(key)
                        .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            }
            done = true;
        }

        /** Aborts the upload unless it was completed: nothing of it stays. */
        @Override
        public void close() {
            if (!done && uploadId != null) {
                try {
                    client.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId));
                } catch (SdkException ignored) {
                    // the store is away: the bucket's lifecycle rule for incomplete uploads cleans it (README)
                }
            }
            done = true;
        }
    }

    private static String code(AwsServiceException s) {
        return s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
    }

    /** Runs one request, translating its failure. */
    <T> T call(String action, Supplier<T> work) {
        try {
            return work.get();
        } catch (SdkException e) {
            throw S3Failures.translate(settings, action, e);
        } catch (UncheckedIOException e) {
            throw new io.shadowcat.storage.StorageException("s3 storage " + settings.where() + ": " + action
                    + " failed (" + e.getMessage() + "): try again", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
