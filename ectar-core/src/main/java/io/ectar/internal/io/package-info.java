/**
 * Byte and file utilities shared by Ectar's archive and tape packages: durable file replacement
 * ({@link io.ectar.internal.io.DurableFiles}, {@link io.ectar.internal.io.PendingSyncs}), unlinked temporary
 * files ({@link io.ectar.internal.io.SpillFile}), digests ({@link io.ectar.internal.io.Sha256},
 * {@link io.ectar.internal.io.OverlappedSha256}, {@link io.ectar.internal.io.Xxh64}), closing and rethrowing
 * ({@link io.ectar.internal.io.Closeables}, {@link io.ectar.internal.io.Failures}).
 *
 * <p><b>Not API.</b> These types are public only because Java has no friend access between packages; they may
 * change or disappear in any release. Depend on {@code io.ectar.archive}, {@code io.ectar.format},
 * {@code io.ectar.codec} and {@code io.ectar.tape} instead.
 */
package io.ectar.internal.io;
