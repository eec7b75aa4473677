package io.ectar.tape;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.io.IOException;
import java.util.Objects;

/**
 * The label in file 0 of every tape of a set: which set, which tape of it, and how the set was coded
 * and blocked. Tapes are recognized by their labels, never by the order they are given in.
 *
 * <p>A set spans cartridges: each tape index is a sequence of <em>volumes</em> (cartridges), numbered from 1,
 * and each volume begins with its own label naming the volume and the chunk (and logical tape file) it
 * starts with. Labels written before volumes existed read as volume 1 starting at chunk 1.
 *
 * <p>On tape it is one record: the line {@value #MAGIC} (volume 1) or {@value #MAGIC_CONTINUATION} (later
 * volumes, which readers that do not know volumes must not take for the start of a tape), then JSON with
 * snake_case names.
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
 * @param volume this cartridge's volume sequence number within its tape index, from 1
 * @param firstFile the logical tape file this volume starts with (1 on volume 1; see {@link TapeDirectory})
 * @param firstChunk the chunk whose shard is the first file of this volume
 */
public record TapeLabel(String setId, int tape, int dataShards, int parityShards, int blockSize,
        BlockMode blockMode, String tool, String created, String archive, int volume, long firstFile,
        int firstChunk) {

    /** The first line of the label of volume 1 (and of every label before sets spanned volumes). */
    public static final String MAGIC = "ECTAR TAPE LABEL 1";
    /** The first line of the label of volume 2 and later. */
    public static final String MAGIC_CONTINUATION = "ECTAR TAPE LABEL 2";

    @JsonCreator
    public TapeLabel {
        // Labels from before volumes carry none of the three: they are volume 1, from file and chunk 1.
        volume = volume < 1 ? 1 : volume;
        firstFile = firstFile < 1 ? 1 : firstFile;
        firstChunk = firstChunk < 1 ? 1 : firstChunk;
        Objects.requireNonNull(setId, "setId");
        Objects.requireNonNull(blockMode, "blockMode");
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > 256) {
            throw new IllegalArgumentException("need 1 <= k and k + m <= 256, got k=" + dataShards + " m=" + parityShards);
        }
        if (tape < 0 || tape >= dataShards + parityShards) {
            throw new IllegalArgumentException("tape index " + tape + " outside 0.." + (dataShards + parityShards - 1));
        }
    }

    /** The label of volume 1 of a tape. */
    public TapeLabel(String setId, int tape, int dataShards, int parityShards, int blockSize, BlockMode blockMode,
            String tool, String created, String archive) {
        this(setId, tape, dataShards, parityShards, blockSize, blockMode, tool, created, archive, 1, 1, 1);
    }

    /** k + m, the number of tapes in the set. */
    public int tapes() {
        return dataShards + parityShards;
    }

    /** This label for another tape of the same set. */
    public TapeLabel forTape(int index) {
        return new TapeLabel(setId, index, dataShards, parityShards, blockSize, blockMode, tool, created, archive,
                1, 1, 1);
    }

    /** This label for volume {@code seq} of the same tape, starting with logical file {@code file} (chunk {@code chunk}). */
    public TapeLabel forVolume(int seq, long file, int chunk) {
        return new TapeLabel(setId, tape, dataShards, parityShards, blockSize, blockMode, tool, created, archive,
                seq, file, chunk);
    }

    /** The label record as written on tape. */
    public byte[] encode() {
        return TapeSetLayout.encode(volume == 1 ? MAGIC : MAGIC_CONTINUATION, this, true);
    }

    /** The label in {@code record}, or null when the record is not an ectar label. */
    public static TapeLabel decode(byte[] record, int length) throws IOException {
        TapeLabel first = TapeSetLayout.decode(MAGIC, record, length, TapeLabel.class);
        return first != null ? first : TapeSetLayout.decode(MAGIC_CONTINUATION, record, length, TapeLabel.class);
    }

    @Override
    public String toString() {
        return "tape " + tape + " (of " + tapes() + ")" + (volume > 1 ? " volume " + volume : "") + " of set " + setId;
    }
}
