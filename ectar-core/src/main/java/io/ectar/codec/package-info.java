/**
 * Reed-Solomon erasure coding over GF(2^8), byte-compatible with zfec: the encoding matrix, the share
 * header and the share-file stripe layout, with a pure-Java engine and an ISA-L engine.
 */
package io.ectar.codec;
