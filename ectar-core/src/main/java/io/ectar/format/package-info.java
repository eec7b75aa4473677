/**
 * The on-disk vocabulary of an Ectar archive: shard file names, the index, the recovery text.
 */
package io.ectar.format;
