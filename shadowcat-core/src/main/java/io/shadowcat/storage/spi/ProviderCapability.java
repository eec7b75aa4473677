package io.shadowcat.storage.spi;

/**
 * What a storage provider can do, declared by its factory and its backends alike (OpenDAL's capabilities).
 * A user picks a provider by need ({@code StorageRegistry.findByCapability}, {@code shadowcat providers
 * list}); the conformance kit runs a capability's tests only for providers that declare it, and checks that
 * one that does not refuses the operation with an {@link io.shadowcat.storage.UnsupportedCapabilityException}
 * rather than ignoring it.
 */
public enum ProviderCapability {
    /** Tapes are recorded frame by frame ({@code openWriter}) and readable while they are recorded. */
    LIVE_APPEND,
    /** {@code search} matches any substring of three or more characters, case-insensitively. */
    SUBSTRING_SEARCH,
    /** {@code search} hits carry a relevance score and come best first. */
    RANKED_SEARCH,
    /** Starting a tape whose id exists fails ({@code TapeExistsException}), even when another process starts it at the same moment. */
    CONDITIONAL_CREATE,
    /** Several processes of one host may read and record in one storage at once. */
    MULTI_PROCESS,
    /** Processes on several hosts may share one storage. */
    MULTI_HOST,
    /** Tapes can be stored compressed (a {@code compression} setting). */
    COMPRESSION,
    /** Finished tapes expire by a {@code retention_max_age} setting. */
    RETENTION,
    /** {@code saveAll} stores a batch in one transaction: all of it or nothing. */
    TRANSACTIONS,
    /** Tapes are encrypted at rest. */
    ENCRYPTION,
    /** The storage is files on this host. */
    LOCAL_STORAGE,
    /** The storage is a server reached over the network. */
    REMOTE_STORAGE
}
