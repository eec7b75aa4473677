/**
 * What {@link io.ectar.archive.Extractor} needs to write entries to disk safely:
 * {@link io.ectar.archive.internal.extract.SafePaths} judges each path,
 * {@link io.ectar.archive.internal.extract.WrittenPaths} and
 * {@link io.ectar.archive.internal.extract.PendingDirectories} keep an extract's state in bounded memory, and
 * {@link io.ectar.archive.internal.extract.ModificationTimes} reads and sets exact modification times (the
 * create side reads them through it too).
 *
 * <p><b>Not API: may change without notice.</b>
 */
package io.ectar.archive.internal.extract;
