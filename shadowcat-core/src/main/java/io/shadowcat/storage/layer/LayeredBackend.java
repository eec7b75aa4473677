package io.shadowcat.storage.layer;

import io.shadowcat.storage.spi.TapeStorageBackend;

/**
 * A backend that wraps another: a layer's backend, or the registry's own tracking wrapper. {@link
 * StorageLayers#find} walks down through {@link #inner()} to reach a layer's extra API (legal holds, the
 * audit trail) from the backend a caller was handed. Every layer's backend implements it.
 */
public interface LayeredBackend extends TapeStorageBackend {

    /** The backend this one wraps. */
    TapeStorageBackend inner();
}
