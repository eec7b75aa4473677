package io.ectar.tape;

/** How shard bytes are cut into tape records. */
public enum BlockMode {
    /** Every record is the block size except the last of a file, which is as short as the data. */
    VARIABLE,
    /** Every record is exactly the block size; the last one is zero-padded and its true length recorded. */
    FIXED
}
