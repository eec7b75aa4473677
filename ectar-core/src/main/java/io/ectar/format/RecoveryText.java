package io.ectar.format;

import java.util.Map;
import java.util.StringJoiner;

/**
 * The plain-text {@code BASE.RECOVERY.txt}: how to get the files back with stock tools only (zunfec,
 * zstd, tar, sha256sum), written for a reader who has never heard of ectar. Its checksum lines are in
 * {@code sha256sum} format so they can be checked directly.
 */
public final class RecoveryText {

    private RecoveryText() {
    }

    /**
     * Renders the text.
     *
     * @param names     the archive's file names
     * @param p         its parameters
     * @param chunks    how many chunks it has
     * @param tool      the writer, e.g. {@code "ectar 0.1.0"}
     * @param checksums file name to lower-case hex SHA-256, in the order to print (may be empty)
     */
    public static String render(ArchiveNames names, ArchiveParameters p, int chunks, String tool,
            Map<String, String> checksums) {
        String b = names.base();
        int k = p.dataShards();
        int m = p.totalShards();
        String last = ZeroPadded.decimal(Math.max(chunks, 1), 3);
        // Format version 2: every chunk is zstd frames, raw blocks when not compressed.
        String decompress = " | zstd -d";
        String ext = "zst";
        StringBuilder t = new StringBuilder();
        t.append("ECTAR ARCHIVE ").append(b).append(" - HOW TO RECOVER IT WITH STANDARD TOOLS\n\n");
        t.append("Written by ").append(tool).append(". Archive format version ").append(ArchiveIndex.FORMAT_VERSION)
                .append(".\n");
        t.append("The files were packed into one POSIX (pax) tar stream");
        t.append(p.compressed() ? ", compressed with zstd" : " (not compressed, but stored in zstd frames of raw blocks)");
        t.append(", and cut into ").append(chunks).append(" chunk(s).\n");
        t.append("Every chunk was Reed-Solomon coded into ").append(m).append(" shard files (").append(k)
                .append(" data + ").append(m - k).append(" parity) named ").append(b).append(".cNNN.sMM\n");
        t.append("(NNN = chunk from 001, MM = shard from 00). ANY ").append(k).append(" of the ").append(m)
                .append(" shards of a chunk rebuild it.\n");
        t.append("A shard file is a zfec share file (https://github.com/tahoe-lafs/zfec).\n\n");

        t.append("WITH ECTAR\n    ectar extract -i ").append(b).append(" -o OUTPUT_DIR\n\n");

        t.append("WITHOUT ECTAR\n");
        t.append("Tools: zunfec (pip install zfec), zstd, GNU tar, sha256sum. On Debian/Ubuntu, python3-zfec ships the\n");
        t.append("library without the zunfec command; `pip install pyutil` and use\n");
        t.append("    python3 -c 'import sys; from zfec.cmdline_zunfec import main; sys.exit(main())'\n");
        t.append("wherever zunfec appears below.\n\n");
        t.append("1. Find damaged shards (skip this if the checksum list below is lost):\n");
        t.append("       grep -E '^[0-9a-f]{64}  ' ").append(names.recoveryFile())
                .append(" | sha256sum -c --ignore-missing\n");
        t.append("   Set aside every shard reported FAILED: it counts as lost.\n\n");
        t.append("2. Rebuild each chunk from any ").append(k).append(" good shards, for NNN = 001 .. ").append(last)
                .append(":\n");
        t.append("       zunfec -o ").append(b).append(".cNNN.").append(ext).append(" ").append(b)
                .append(".cNNN.s* (or any ").append(k).append(" of them)\n");
        t.append("   or all at once:\n");
        t.append("       for c in $(seq -f %03g 1 ").append(chunks).append("); do\n");
        t.append("         zunfec -o ").append(b).append(".c$c.").append(ext).append(" $(ls ").append(b)
                .append(".c$c.s* | head -n ").append(k).append(")\n");
        t.append("       done\n\n");
        t.append("3. Concatenate the chunks IN ORDER and unpack:\n");
        t.append("       for c in $(seq -f %03g 1 ").append(chunks).append("); do cat ").append(b)
                .append(".c$c.").append(ext).append("; done").append(decompress).append(" | tar -xf -\n");
        t.append("   Each chunk is one zstd frame with a checksum, so `zstd -t ").append(b)
                .append(".cNNN.zst` tests one chunk. It starts\n");
        t.append("   with a 56-byte zstd skippable frame that zstd passes over: ectar's chunk header (archive id,\n");
        t.append("   chunk number, CRC-32C of the frame).\n");
        t.append("   If a chunk cannot be rebuilt, the chunks after it still hold whole files: most chunks\n");
        t.append("   start at a tar header (`tar -xf - --ignore-zeros` skips what it cannot read).\n\n");

        if (p.layout() == ArchiveParameters.Layout.TAPE) {
            tapeRecipe(t, b, k);
        }
        t.append("THE INDEX\n");
        t.append(names.indexFile()).append(" is zstd-compressed JSON listing every file (path, size, mode,\n");
        t.append("times, owner, SHA-256) and every chunk and shard checksum: `zstd -dc ").append(names.indexFile())
                .append("`.\n");
        t.append("If it is lost, rebuild it from any ").append(k).append(" of ").append(b)
                .append(".index.sMM: `zunfec -o ").append(names.indexFile()).append(" ").append(b)
                .append(".index.s*`.\n\n");

        if (!checksums.isEmpty()) {
            t.append("SHA-256 CHECKSUMS (sha256sum format)\n");
            StringJoiner lines = new StringJoiner("\n", "", "\n");
            checksums.forEach((file, sha) -> lines.add(sha + "  " + file));
            t.append(lines);
        }
        return t.toString();
    }

    /** Getting the shard files off the tapes, one cartridge or many (docs/ectar-format.md sections 9 and 11). */
    private static void tapeRecipe(StringBuilder t, String b, int k) {
        t.append("FROM TAPES\n");
        t.append("Tape i of the set holds shard i of every chunk; every tape file is one whole shard file. Tape\n");
        t.append("file 0 of each cartridge is its label (JSON: \"tape\", \"volume\", \"first_chunk\"). On a Linux drive:\n");
        t.append("       mt -f /dev/nst0 setblk 0; mt -f /dev/nst0 rewind\n");
        t.append("       dd if=/dev/nst0 bs=8M count=1                          # the label\n");
        t.append("       mt -f /dev/nst0 rewind; mt -f /dev/nst0 fsf F; dd if=/dev/nst0 bs=8M of=FILE\n");
        t.append("A tape that spans cartridges (volumes 1, 2, ...): chunk c is tape file c - first_chunk + 1 of the\n");
        t.append("cartridge with the largest first_chunk <= c; the file before the double filemark at the end of a\n");
        t.append("cartridge is its volume trailer (JSON: which chunk is in which file), on the last volume the tape\n");
        t.append("directory. Save shard i of chunk c as ").append(b).append(".cNNN.sMM (NNN = c, MM = i), from any ")
                .append(k).append(" tapes, then\n");
        t.append("follow steps 1 to 3 above.\n\n");
    }
}
