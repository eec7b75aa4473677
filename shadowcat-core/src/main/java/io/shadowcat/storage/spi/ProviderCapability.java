package io.shadowcat.storage.spi;

/** What a storage provider can do; used to pick a provider by need. */
public enum ProviderCapability {
    COMPRESSION, ENCRYPTION, STREAMING, TRANSACTIONS, REMOTE_STORAGE, LOCAL_STORAGE, SEARCH, REPLICATION
}
