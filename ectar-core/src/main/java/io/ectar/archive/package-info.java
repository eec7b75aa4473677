/**
 * Creating, reading, verifying and extracting archives: files to tar to zstd chunks to shards, and back.
 *
 * <p>This package is the library's archive API: {@link io.ectar.archive.ArchiveCreator} (with
 * {@link io.ectar.archive.CreateOptions}, {@link io.ectar.archive.CreateResult}),
 * {@link io.ectar.archive.Archive} (open, list, info), {@link io.ectar.archive.Extractor} and
 * {@link io.ectar.archive.Verifier} with their options and results; the shard seams
 * {@link io.ectar.archive.ShardSink} and {@link io.ectar.archive.ShardSource} with their directory
 * implementations; {@link io.ectar.archive.ArchiveLocator}, {@link io.ectar.archive.PathFilter},
 * {@link io.ectar.archive.Progress}, {@link io.ectar.archive.FileNames}; and the typed errors
 * ({@link io.ectar.archive.ArchiveException} and its subclasses). The pipeline itself lives in
 * {@code io.ectar.archive.internal.*} (create, read, extract), which is not API.
 */
package io.ectar.archive;
