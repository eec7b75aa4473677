package io.shadowcat.storage;

/**
 * Hears about changes to a {@link StorageRegistry}. Called on the thread that made the change, after it
 * took effect; a listener that throws is logged and does not undo the change.
 */
public interface RegistryListener {

    /** A provider was registered. */
    default void registered(ProviderInfo provider) {
    }

    /** A provider was unregistered. */
    default void unregistered(ProviderInfo provider) {
    }

    /** A backend was created under {@code instanceId}. */
    default void created(String provider, String instanceId) {
    }

    /** A backend created by the registry was closed. */
    default void closed(String provider, String instanceId) {
    }
}
