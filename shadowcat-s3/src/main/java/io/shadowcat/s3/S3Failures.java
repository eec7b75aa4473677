package io.shadowcat.s3;

import io.shadowcat.storage.StorageException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK failure (after its retries) into one storage error naming the store, what was being done, the
 * setting at fault and what to do. The credentials never reach a message: the SDK's messages do not hold the
 * secret, and both keys are masked here should one ever carry them.
 */
final class S3Failures {

    private S3Failures() {
    }

    static StorageException translate(S3Settings settings, String action, SdkException e) {
        String where = "s3 storage " + settings.where();
        String detail = detail(e);
        StorageException out;
        if (e instanceof AwsServiceException s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null ? ""
                    : s.awsErrorDetails().errorCode();
            if (code.equals("NoSuchBucket")) {
                out = new StorageException(where + ": the bucket '" + settings.bucket() + "' does not exist while "
                        + action + ": create it, or fix the bucket setting (and endpoint, region)", e);
            } else if (code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")
                    || code.equals("InvalidToken") || code.equals("ExpiredToken") || status == 401) {
                out = new StorageException(where + " refused the credentials while " + action + " (" + code
                        + "): check the access_key and secret_key settings (or the SDK's default chain:"
                        + " AWS_ACCESS_KEY_ID, ~/.aws)", e);
            } else if (code.equals("AccessDenied") || status == 403) {
                out = new StorageException(where + " denied access while " + action + " (" + code + "): grant these"
                        + " credentials s3:GetObject, PutObject, DeleteObject and ListBucket on the bucket and prefix,"
                        + " or use other access_key/secret_key settings", e);
            } else if (status == 501) {
                out = new StorageException(where + " does not implement a request sent while " + action + " (" + code
                        + " " + detail + "): use a store that does (AWS S3, MinIO, Ceph), or a newer version of it", e);
            } else if (status == 503 || status == 429 || status >= 500) {
                out = new StorageException(where + " kept failing while " + action + " (HTTP " + status + " " + code
                        + ", " + settings.maxAttempts() + " attempts): try again later, or raise max_attempts", e);
            } else {
                out = new StorageException("s3 error while " + action + " on " + settings.where() + ": HTTP " + status
                        + " " + code + " " + detail, e);
            }
        } else if (e instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException
                || e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException) {
            out = new StorageException(where + " did not answer within timeout=" + settings.timeout() + " while "
                    + action + " (" + settings.maxAttempts() + " attempts): check the store's load and the network,"
                    + " or raise the timeout setting", e);
        } else if (e instanceof SdkClientException && unreachable(e)) {
            out = new StorageException(where + " is unreachable while " + action + " (" + detail + ", "
                    + settings.maxAttempts() + " attempts): start the store, or fix the endpoint setting", e);
        } else if (detail.contains("credentials") || detail.contains("Credentials")) {
            out = new StorageException(where + ": no credentials while " + action + ": set access_key and"
                    + " secret_key, or configure the SDK's default chain (AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, an instance role)", e);
        } else {
            out = new StorageException("s3 error while " + action + " on " + settings.where() + ": " + detail, e);
        }
        return masked(settings, out);
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof java.net.SocketException
                    || t instanceof org.apache.http.NoHttpResponseException
                    || t instanceof org.apache.http.conn.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String detail(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
            m = m + " (" + root.getMessage() + ")";
        }
        return m;
    }

    // Belt and braces: a message is rebuilt without either key, should an SDK message ever hold one.
    private static StorageException masked(S3Settings settings, StorageException e) {
        String m = e.getMessage();
        String clean = m;
        for (String secret : new String[] {settings.secretKey().orElse(null), settings.accessKey().orElse(null)}) {
            if (secret != null && secret.length() >= 4) {
                clean = clean.replace(secret, "***");
            }
        }
        return clean.equals(m) ? e : new StorageException(clean, null);
    }
}
