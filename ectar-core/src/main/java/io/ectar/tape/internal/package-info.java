/**
 * The per-drive machinery of the RAIT writer and reader in {@link io.ectar.tape}: one
 * {@link io.ectar.tape.internal.DriveWriter} thread and queue per drive, writing through
 * {@link io.ectar.tape.internal.TapeShardOutput} (a shard cut into records) and a
 * {@link io.ectar.tape.internal.RecordSink}; one {@link io.ectar.tape.internal.DriveReader} per drive for
 * reading, and {@link io.ectar.tape.internal.FilemarkReader} for a tape file's records and checks.
 *
 * <p><b>Not API: may change without notice.</b> These types are public only because {@code io.ectar.tape}
 * calls them across packages.
 */
package io.ectar.tape.internal;
