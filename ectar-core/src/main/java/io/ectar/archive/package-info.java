/**
 * Creating, reading, verifying and repairing archives: files to tar to zstd chunks to shards, and back.
 */
package io.ectar.archive;
