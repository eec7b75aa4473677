/**
 * Storage layers: behaviours configured by name and stacked above any provider (see {@link
 * io.shadowcat.storage.layer.StorageLayer}).
 */
package io.shadowcat.storage.layer;
