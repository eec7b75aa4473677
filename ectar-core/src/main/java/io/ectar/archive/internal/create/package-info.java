/**
 * The create side of the pipeline behind {@link io.ectar.archive.ArchiveCreator}:
 * {@link io.ectar.archive.internal.create.TreeWalker} walks the inputs in a fixed order,
 * {@link io.ectar.archive.internal.create.TarChunkWriter} writes each entry as pax/ustar tar into
 * {@link io.ectar.archive.internal.create.ChunkStream}, which cuts and compresses chunks, and
 * {@link io.ectar.archive.internal.create.ChunkEncoder} erasure-codes each chunk into the
 * {@link io.ectar.archive.ShardSink}'s shards. {@link io.ectar.archive.internal.create.ArchiveLock} keeps
 * two creates of one archive apart in a directory.
 *
 * <p><b>Not API: may change without notice.</b>
 */
package io.ectar.archive.internal.create;
