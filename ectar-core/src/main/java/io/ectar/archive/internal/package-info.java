/**
 * The machinery behind {@link io.ectar.archive}, one package per side of the pipeline:
 * {@link io.ectar.archive.internal.create} (files to tar to chunks to shards),
 * {@link io.ectar.archive.internal.read} (shards back to chunks, a tar stream and its entries) and
 * {@link io.ectar.archive.internal.extract} (writing entries to disk safely).
 *
 * <p><b>Not API: may change without notice.</b> Their types are public only because the entry points in
 * {@code io.ectar.archive} (and each other) call them across packages; depend on {@code io.ectar.archive}.
 */
package io.ectar.archive.internal;
