/**
 * The read side of the pipeline behind {@link io.ectar.archive.Archive}, {@link io.ectar.archive.Extractor}
 * and {@link io.ectar.archive.Verifier}: {@link io.ectar.archive.internal.read.IndexLoader} finds the index,
 * {@link io.ectar.archive.internal.read.ChunkReader} gets and decodes each chunk's shards (with
 * {@link io.ectar.archive.internal.read.BlindRecovery} when there is no index),
 * {@link io.ectar.archive.internal.read.ChunkPrefetcher} and
 * {@link io.ectar.archive.internal.read.ChunkDecompressor} run ahead on their own threads,
 * {@link io.ectar.archive.internal.read.ChunkSequence} joins the chunks into one tar stream,
 * {@link io.ectar.archive.internal.read.TarReader} parses it (with {@link io.ectar.archive.internal.read.PaxTime},
 * the pax time syntax the create side writes too) and {@link io.ectar.archive.internal.read.EntryStream}
 * pairs each tar entry with its index entry.
 *
 * <p><b>Not API: may change without notice.</b>
 */
package io.ectar.archive.internal.read;
