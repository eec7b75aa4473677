package io.ectar.tape.internal;

import io.ectar.tape.BlockMode;
import io.ectar.tape.TapeDirectory;
import io.ectar.tape.TapeSetLayout;
import io.ectar.tape.device.MediumErrorException;
import io.ectar.tape.device.RecordTooLargeException;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32C;

/** Reading whole tape files back: positioning by filemarks and checking what the directory promises. */
public final class FilemarkReader {

    private FilemarkReader() {
    }

    /** Positions at block 0 of {@code file}: relative spacing when the position is known, else from BOT. */
    public static void goToFile(TapeDevice device, long file) throws IOException {
        try {
            device.seekFile(file);
        } catch (MediumErrorException e) {
            throw e;
        } catch (TapeException e) {
            device.rewind();
            device.spaceForwardFiles(Math.toIntExact(file));
        }
    }

    /** What the first record of a tape holds: its bytes, or a negative length (filemark, end of data). */
    public record FirstRecord(byte[] bytes, int length) {
    }

    /**
     * Rewinds and reads the first record, with a modest buffer first (a label is a short record, and
     * some drivers refuse huge reads), then with the largest block size when the record is bigger.
     */
    public static FirstRecord readFirstRecord(TapeDevice device) throws IOException {
        for (int size : new int[] {TapeSetLayout.DEFAULT_BLOCK_SIZE, TapeSetLayout.MAX_BLOCK_SIZE}) {
            device.rewind();
            byte[] buffer = new byte[size];
            try {
                return new FirstRecord(buffer, device.readRecord(buffer));
            } catch (RecordTooLargeException e) {
                if (size == TapeSetLayout.MAX_BLOCK_SIZE) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * Reads the rest of the current file, up to and including its filemark. A file longer than
     * {@code limit} bytes is refused.
     */
    public static byte[] readToFilemark(TapeDevice device, byte[] buffer, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int n = device.readRecord(buffer);
            if (n == TapeDevice.FILEMARK) {
                return out.toByteArray();
            }
            if (n == TapeDevice.END_OF_DATA) {
                throw new TapeException(device.name(), device.name() + ": end of data inside a tape file at "
                        + device.position());
            }
            if (out.size() + (long) n > limit) {
                throw new TapeException(device.name(), device.name() + ": tape file at " + device.position()
                        + " is longer than " + limit + " bytes");
            }
            out.write(buffer, 0, n);
        }
    }

    /**
     * Reads the current file, which the directory says is {@code expected}, and checks it.
     *
     * @throws ShardDamagedException when the length or CRC-32C differ; the tape is then at the next file
     */
    public static byte[] readChecked(TapeDevice device, byte[] buffer, TapeDirectory.ShardOnTape expected,
            long file, BlockMode mode) throws IOException {
        long padded = mode == BlockMode.FIXED ? expected.records() * buffer.length : expected.length();
        byte[] data = new byte[Math.toIntExact(expected.length())];
        long total = 0;
        long records = 0;
        while (true) {
            int n;
            try {
                n = device.readRecord(buffer);
            } catch (RecordTooLargeException e) {
                device.spaceForwardFiles(1);
                throw new ShardDamagedException(e.getMessage());
            }
            if (n == TapeDevice.FILEMARK) {
                break;
            }
            if (n == TapeDevice.END_OF_DATA) {
                throw new ShardDamagedException(device.name() + ": tape ends inside file " + file);
            }
            if (total + n > padded) {
                device.spaceForwardFiles(1);
                throw new ShardDamagedException(device.name() + ": file " + file + " is longer than the "
                        + expected.length() + " bytes the directory records");
            }
            int useful = (int) Math.min(n, expected.length() - total);
            if (useful > 0) {
                System.arraycopy(buffer, 0, data, (int) total, useful);
            }
            total += n;
            records++;
        }
        if (total < expected.length() || records != expected.records()) {
            throw new ShardDamagedException(device.name() + ": file " + file + " has " + total + " bytes in "
                    + records + " records, the directory records " + expected.length() + " in "
                    + expected.records());
        }
        CRC32C crc = new CRC32C();
        crc.update(data);
        String actual = String.format("%08x", (int) crc.getValue());
        if (!actual.equals(expected.crc32c())) {
            throw new ShardDamagedException(device.name() + ": file " + file + " fails its CRC-32C check ("
                    + actual + ", expected " + expected.crc32c() + ")");
        }
        return data;
    }

    /** A tape file that was read but does not match the directory. */
    static final class ShardDamagedException extends IOException {
        ShardDamagedException(String message) {
            super(message);
        }
    }
}
