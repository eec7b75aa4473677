/**
 * An example third-party storage provider, {@code example-dir}: one directory, each tape a JSON Lines file and
 * its {@code .meta.json}. It is written against the published API alone (the SPI, the tape model and formats,
 * {@code io.shadowcat.storage.support}) and registered through {@code ServiceLoader}; its test extends the
 * conformance kit. Copy it to start a provider. Deliberately small: one process per directory, no index file
 * (the directory is scanned when the backend opens), no retention or compression.
 */
package com.example.shadowcat.provider;
