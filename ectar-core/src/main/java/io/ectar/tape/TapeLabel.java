package io.ectar.tape;

import java.io.IOException;
import java.util.Objects;

/**
 * The label in file 0 of every tape of a set: which set, which tape of it, and how the set was coded
 * and blocked. Tapes are recognized by their labels, never by the order they are given in.
 *
 * <p>On tape it is one record: the line {@value #MAGIC}, then JSON with snake_case names.
 *
 * @param setId a random identifier shared by the tapes of one set
 * @param tape this tape's index, from 0; it holds shard {@code tape} of every chunk
 * @param dataShards k: any k tapes restore the archive
 * @param parityShards m: that many tapes may be lost
 * @param blockSize the record size
 * @param blockMode variable or fixed records
 * @param tool the writing tool and its version
 * @param created when the set was written (ISO-8601)
 * @param archive the archive's base name (what its shard files are called on disk)
 */
public record TapeLabel(String setId, int tape, int dataShards, int parityShards, int blockSize,
        BlockMode blockMode, String tool, String created, String archive) {

    /** The first line of a label record. */
    public static final String MAGIC = "ECTAR TAPE LABEL 1";

    public TapeLabel {
        Objects.requireNonNull(setId, "setId");
        Objects.requireNonNull(blockMode, "blockMode");
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > 256) {
            throw new IllegalArgumentException("need 1 <= k and k + m <= 256, got k=" + dataShards + " m=" + parityShards);
        }
        if (tape < 0 || tape >= dataShards + parityShards) {
            throw new IllegalArgumentException("tape index " + tape + " outside 0.." + (dataShards + parityShards - 1));
        }
    }

    /** k + m, the number of tapes in the set. */
    public int tapes() {
        return dataShards + parityShards;
    }

    /** This label for another tape of the same set. */
    public TapeLabel forTape(int index) {
        return new TapeLabel(setId, index, dataShards, parityShards, blockSize, blockMode, tool, created, archive);
    }

    byte[] encode() {
        return TapeSetLayout.encode(MAGIC, this, true);
    }

    /** The label in {@code record}, or null when the record is not an ectar label. */
    static TapeLabel decode(byte[] record, int length) throws IOException {
        return TapeSetLayout.decode(MAGIC, record, length, TapeLabel.class);
    }

    @Override
    public String toString() {
        return "tape " + tape + " (of " + tapes() + ") of set " + setId;
    }
}
