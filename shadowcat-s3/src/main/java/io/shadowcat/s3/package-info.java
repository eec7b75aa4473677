/**
 * The {@code s3} storage provider ({@link io.shadowcat.s3.S3StorageProvider}); everything else here is its
 * implementation.
 */
package io.shadowcat.s3;
