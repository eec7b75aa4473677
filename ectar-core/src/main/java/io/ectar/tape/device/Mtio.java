package io.ectar.tape.device;

import com.sun.jna.NativeLong;
import com.sun.jna.Structure;
import java.util.Locale;

/**
 * The Linux magnetic-tape ioctl interface of {@code <sys/mtio.h>}: request codes, operation codes,
 * status bits and the three structures, laid out as the C compiler lays them out.
 */
final class Mtio {

    // Operations for MTIOCTOP (struct mtop.mt_op).
    static final short MTFSF = 1;
    static final short MTBSF = 2;
    static final short MTWEOF = 5;
    static final short MTREW = 6;
    static final short MTNOP = 8;
    static final short MTEOM = 12;
    static final short MTSETBLK = 20;

    // Generic status bits in struct mtget.mt_gstat (the GMT_* macros).
    static final long GMT_EOF = 0x80000000L;
    static final long GMT_BOT = 0x40000000L;
    static final long GMT_EOT = 0x20000000L;
    static final long GMT_EOD = 0x08000000L;
    static final long GMT_WR_PROT = 0x04000000L;
    static final long GMT_ONLINE = 0x01000000L;

    /** {@code _IOW('m', 1, struct mtop)}. */
    static final long MTIOCTOP;
    /** {@code _IOR('m', 2, struct mtget)}. */
    static final long MTIOCGET;
    /** {@code _IOR('m', 3, struct mtpos)}. */
    static final long MTIOCPOS;

    static {
        IocEncoding ioc = IocEncoding.forArch(System.getProperty("os.arch"));
        MTIOCTOP = ioc.write('m', 1, new MtOp().size());
        MTIOCGET = ioc.read('m', 2, new MtGet().size());
        MTIOCPOS = ioc.read('m', 3, new MtPos().size());
    }

    private Mtio() {
    }

    /**
     * How {@code _IOC(dir, type, nr, size)} packs a request on a CPU architecture: most use 2
     * direction bits (write 1, read 2) above 14 size bits; PowerPC, MIPS and SPARC use 3 direction
     * bits (none 1, read 2, write 4) above 13 size bits.
     */
    record IocEncoding(int sizeBits, long readDir, long writeDir) {

        static final IocEncoding GENERIC = new IocEncoding(14, 2, 1);
        static final IocEncoding POWERPC_MIPS_SPARC = new IocEncoding(13, 2, 4);

        static IocEncoding forArch(String osArch) {
            String arch = osArch.toLowerCase(Locale.ROOT);
            return arch.startsWith("ppc") || arch.startsWith("mips") || arch.startsWith("sparc")
                    ? POWERPC_MIPS_SPARC : GENERIC;
        }

        long read(char type, int nr, int size) {
            return ioc(readDir, type, nr, size);
        }

        long write(char type, int nr, int size) {
            return ioc(writeDir, type, nr, size);
        }

        private long ioc(long dir, char type, int nr, int size) {
            if (size >= (1 << sizeBits)) {
                throw new IllegalArgumentException("ioctl argument too large: " + size);
            }
            return (dir << (16 + sizeBits)) | ((long) size << 16) | ((long) type << 8) | nr;
        }
    }

    /** {@code struct mtop}: one tape operation. */
    @Structure.FieldOrder({"mt_op", "mt_count"})
    public static final class MtOp extends Structure {
        public short mt_op;
        public int mt_count;

        MtOp() {
        }

        MtOp(short op, int count) {
            this.mt_op = op;
            this.mt_count = count;
        }

        int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    /** {@code struct mtget}: drive status. {@code __daddr_t} is a 32-bit int on Linux. */
    @Structure.FieldOrder({"mt_type", "mt_resid", "mt_dsreg", "mt_gstat", "mt_erreg", "mt_fileno", "mt_blkno"})
    public static final class MtGet extends Structure {
        public NativeLong mt_type;
        public NativeLong mt_resid;
        public NativeLong mt_dsreg;
        public NativeLong mt_gstat;
        public NativeLong mt_erreg;
        public int mt_fileno;
        public int mt_blkno;

        int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    /** {@code struct mtpos}: the logical block number. */
    @Structure.FieldOrder({"mt_blkno"})
    public static final class MtPos extends Structure {
        public NativeLong mt_blkno;

        int offsetOf(String field) {
            return fieldOffset(field);
        }
    }
}
