package io.ectar.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A zfec-compatible Reed-Solomon code with k data shares out of m: turns a payload into m share files
 * byte-identical to those {@code zfec -k K -m M} writes, and any k of them back into the payload.
 *
 * <p>A share file is the {@linkplain ShareHeader zfec header} followed by the share's bytes. The payload
 * is cut into stripes of k x 4096 bytes; the last stripe is cut into k blocks of ceil(rest / k) bytes,
 * zero-padded. Share i ({@code i < k}) is block i of every stripe in turn; share {@code i >= k} is row i of zfec's
 * encoding matrix applied to the data shares. The number of padding bytes is in the header, so decoding
 * returns the exact payload.
 *
 * <p>Payload and shares are Java arrays, {@code ByteBuffer}s or streams. Direct buffers are the fastest
 * with the ISA-L engine, which codes them in place; arrays are staged through native memory.
 *
 * <p>Instances are immutable and thread-safe; large shares are coded on several threads.
 */
public final class ZfecCodec {

    /** zfec's filefec CHUNKSIZE: the block size of every full stripe. */
    static final int BLOCK = Stripes.BLOCK;

    /** Target size of all share buffers together in the streaming methods. */
    private static final int STREAM_BUFFER_BYTES = 8 << 20;

    private static final int DECODER_CACHE_LIMIT = 64;

    private final int k;
    private final int m;
    private final Lazy<CodecEngine> engine;
    private final byte[][] matrix;
    private final Lazy<MatrixCoder> parity;
    private final int headerLength;
    private final int threads;
    private final Stripes stripes;
    private final Map<BitSet, MatrixCoder> decoders = new ConcurrentHashMap<>();

    private ZfecCodec(int k, int m, Lazy<CodecEngine> engine, int threads) {
        this.k = k;
        this.m = m;
        this.engine = engine;
        this.matrix = ZfecMatrix.encoding(k, m);
        this.parity = new Lazy<>(() -> engine.get().coder(Arrays.copyOfRange(matrix, k, m)));
        this.headerLength = ShareHeader.length(m, k);
        this.threads = threads;
        this.stripes = new Stripes(k, threads);
    }

    /**
     * A codec for k data shares out of m total, on the {@linkplain CodecEngine#automatic() automatic}
     * engine. An engine forced by {@code -Dectar.codec} or {@code ECTAR_CODEC} is loaded now (so a bad
     * override fails here); otherwise the engine is chosen on first use, because decoding from the k data
     * shares needs no arithmetic and so no native library.
     *
     * @throws IllegalArgumentException unless {@code 1 <= k <= m <= 256}, or when the override names no engine
     * @throws IllegalStateException    when the override asks for ISA-L and it cannot be loaded
     */
    public static ZfecCodec create(int k, int m) {
        ShareHeader.checkParameters(k, m);
        Lazy<CodecEngine> engine = CodecEngine.forced().map(Lazy::of)
                .orElseGet(() -> new Lazy<>(CodecEngine::detected));
        return new ZfecCodec(k, m, engine, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A codec for k data shares out of m total, on the given engine.
     *
     * @throws IllegalArgumentException unless {@code 1 <= k <= m <= 256}
     */
    public static ZfecCodec create(int k, int m, CodecEngine engine) {
        ShareHeader.checkParameters(k, m);
        return new ZfecCodec(k, m, Lazy.of(Objects.requireNonNull(engine, "engine")),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The same code on at most {@code threads} threads per call (1 = only the calling thread). The
     * default is the number of available processors.
     */
    public ZfecCodec withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new ZfecCodec(k, m, engine, threads);
    }

    /** The number of shares needed to decode. */
    public int k() {
        return k;
    }

    /** The total number of shares. */
    public int m() {
        return m;
    }

    /** The engine doing the arithmetic: {@code java} or {@code isal} (chooses it when not yet chosen). */
    public String engineName() {
        return engine.get().name();
    }

    /** The engine doing the arithmetic (chooses it when not yet chosen). */
    public CodecEngine engine() {
        return engine.get();
    }

    /** Whether the engine has been chosen (and, for ISA-L, its native library loaded). */
    boolean engineChosen() {
        return engine.peek() != null;
    }

    /** The maximum number of threads one call uses. */
    public int threads() {
        return threads;
    }

    /** The length of every share file (header included) for a payload of the given length. */
    public long shareFileLength(long payloadLength) {
        return headerLength + shareDataLength(payloadLength);
    }

    /** The length of every share's data (header excluded) for a payload of the given length. */
    long shareDataLength(long payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("payload length must not be negative, got " + payloadLength);
        }
        return stripes.shareLength(payloadLength);
    }

    /** The coder of the parity shares; none when m = k, so that such a code never needs an engine. */
    private MatrixCoder parityCoder() {
        return m > k ? parity.get() : null;
    }

    private int padLength(long payloadLength) {
        return (int) ((k - payloadLength % k) % k);
    }

    private byte[][] headers(long payloadLength) {
        int pad = padLength(payloadLength);
        byte[][] headers = new byte[m][];
        for (int i = 0; i < m; i++) {
            headers[i] = new ShareHeader(m, k, pad, i).toBytes();
        }
        return headers;
    }

    /**
     * Encodes a payload held in memory.
     *
     * @return the m complete share files (header and data); index i is share number i
     */
    public byte[][] encode(byte[] payload) {
        long dataLength = shareDataLength(payload.length);
        if (headerLength + dataLength > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is too large for in-memory"
                    + " shares; use the streaming encode");
        }
        int length = (int) dataLength;
        byte[][] headers = headers(payload.length);
        byte[][] files = new byte[m][];
        // The JVM zeroes a fresh array in the allocating thread: allocate the shares in parallel.
        IntStream shares = IntStream.range(0, m);
        (threads > 1 ? shares.parallel() : shares).forEach(i -> {
            files[i] = Arrays.copyOf(headers[i], headerLength + length);
        });
        stripes.encode(payload, 0, payload.length, files, headerLength, parityCoder());
        return files;
    }

    /**
     * Encodes a payload read from a stream into m share streams, with memory bounded by a few MiB
     * whatever the payload length. Writes each share's header first, then its data; does not close
     * any stream. With more than one {@linkplain #threads() thread}, the share streams are written in
     * parallel (each by one thread at a time), so they must not depend on one another.
     *
     * @param payload       supplies exactly {@code payloadLength} bytes
     * @param shareFiles    m streams; index i receives share file i
     * @throws EOFException when the payload ends before {@code payloadLength} bytes
     * @throws IOException  when the payload has more bytes than announced, or reading or writing fails
     */
    public void encode(InputStream payload, long payloadLength, List<? extends OutputStream> shareFiles)
            throws IOException {
        StreamEncoding encoding = new StreamEncoding(payloadLength, shareFiles);
        byte[] batch = new byte[encoding.batchBytes()];
        long remaining = payloadLength;
        while (remaining > 0) {
            int n = (int) Math.min(batch.length, remaining);
            int read = payload.readNBytes(batch, 0, n);
            if (read < n) {
                throw new EOFException("payload ended after " + (payloadLength - remaining + read) + " of "
                        + payloadLength + " bytes");
            }
            remaining -= n;
            encoding.encode(batch, 0, n);
        }
        if (payload.read() != -1) {
            throw new IOException("payload is longer than the announced " + payloadLength + " bytes");
        }
    }

    /**
     * Encodes {@code payload[offset, offset + length)} into m share streams like
     * {@link #encode(InputStream, long, List)}, without copying the payload first.
     */
    public void encode(byte[] payload, int offset, int length, List<? extends OutputStream> shareFiles)
            throws IOException {
        Objects.checkFromIndexSize(offset, length, payload.length);
        StreamEncoding encoding = new StreamEncoding(length, shareFiles);
        for (int done = 0; done < length; ) {
            int n = Math.min(encoding.batchBytes(), length - done);
            encoding.encode(payload, offset + done, n);
            done += n;
        }
    }

    /** One streaming encode: the headers are written first, then batches of whole stripes. */
    private final class StreamEncoding {

        private final List<? extends OutputStream> shareFiles;
        private final byte[][] shares;
        private final int stripesPerBatch;

        StreamEncoding(long payloadLength, List<? extends OutputStream> shareFiles) throws IOException {
            if (shareFiles.size() != m) {
                throw new IllegalArgumentException("expected " + m + " share streams, got " + shareFiles.size());
            }
            this.shareFiles = shareFiles;
            this.stripesPerBatch = Math.max(1, STREAM_BUFFER_BYTES / (m * BLOCK));
            this.shares = new byte[m][stripesPerBatch * BLOCK];
            byte[][] headers = headers(payloadLength);
            for (int i = 0; i < m; i++) {
                shareFiles.get(i).write(headers[i]);
            }
        }

        int batchBytes() {
            return stripesPerBatch * k * BLOCK;
        }

        /** Codes {@code length} payload bytes (whole stripes unless it is the last batch) and writes them out. */
        void encode(byte[] payload, int from, int length) throws IOException {
            stripes.encode(payload, from, length, shares, 0, parityCoder());
            int shareLength = (int) stripes.shareLength(length);
            if (threads <= 1) {
                for (int i = 0; i < m; i++) {
                    shareFiles.get(i).write(shares[i], 0, shareLength);
                }
                return;
            }
            try {
                IntStream.range(0, m).parallel().forEach(i -> {
                    try {
                        shareFiles.get(i).write(shares[i], 0, shareLength);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * Decodes share files held in memory.
     *
     * @param shareFiles at least k complete share files (header and data) of one payload, in any order
     * @return the exact payload, padding removed
     * @throws ShareFileException when a header is invalid or belongs to another code, the shares
     *                            disagree on their parameters or lengths, a share number repeats, or
     *                            fewer than k shares are given
     */
    public byte[] decode(List<byte[]> shareFiles) throws ShareFileException {
        InMemory in = inMemory(shareFiles, -1);
        byte[] payload = new byte[(int) in.payloadLength()];
        decodeStripes(in.headers(), in.chosen(), in.inputs(), headerLength, in.shareLength(), payload, payload.length);
        return payload;
    }

    /**
     * Encodes the payload's remaining bytes into m share files in buffers, without copies between Java
     * arrays and native memory: with direct buffers the ISA-L engine codes them in place, with heap
     * buffers the Java engine does. Share file i (header and data, {@link #shareFileLength(long)} bytes)
     * is written at the position of {@code shareFiles.get(i)}, whose position then advances past it; the
     * payload's position advances to its limit. Buffers may be slices of larger ones.
     *
     * @param payload    the payload, from its position to its limit; direct or heap
     * @param shareFiles m writable buffers, all direct or all heap, each with at least
     *                   {@code shareFileLength(payload.remaining())} bytes remaining
     * @throws IllegalArgumentException when there are not m share buffers, one is too small or read-only,
     *                                  or direct and heap share buffers are mixed (nothing is written)
     */
    public void encode(ByteBuffer payload, List<ByteBuffer> shareFiles) {
        Objects.requireNonNull(payload, "payload");
        if (shareFiles.size() != m) {
            throw new IllegalArgumentException("expected " + m + " share buffers, got " + shareFiles.size());
        }
        int length = payload.remaining();
        long fileLength = shareFileLength(length);
        ByteBuffer[] data = new ByteBuffer[m];
        for (int i = 0; i < m; i++) {
            ByteBuffer file = shareFiles.get(i);
            if (file.isReadOnly()) {
                throw new IllegalArgumentException("share buffer " + i + " is read-only; give writable buffers");
            }
            if (file.remaining() < fileLength) {
                throw new IllegalArgumentException("share buffer " + i + " has " + file.remaining()
                        + " bytes remaining but a share file of a " + length + "-byte payload takes " + fileLength
                        + "; size each with shareFileLength(payload length)");
            }
            data[i] = file.slice(file.position() + headerLength, (int) fileLength - headerLength);
        }
        Spans shares = Spans.of(data);
        byte[][] headers = headers(length);
        for (int i = 0; i < m; i++) {
            shareFiles.get(i).put(shareFiles.get(i).position(), headers[i]);
        }
        stripes.encode(payload.slice(), 0, length, shares, 0, parityCoder());
        payload.position(payload.limit());
        for (ByteBuffer file : shareFiles) {
            file.position(file.position() + (int) fileLength);
        }
    }

    /**
     * Decodes share files held in buffers into a payload buffer, without copies between Java arrays and
     * native memory (see {@link #encode(ByteBuffer, List)}). Each share file is its buffer's remaining
     * bytes; the share buffers' positions do not change. The payload is written at the position of
     * {@code payload}, which then advances past it.
     *
     * @param shareFiles at least k share files of one payload, in any order, all direct or all heap
     *                   (direct ones may be read-only)
     * @param payload    a writable buffer with room for the payload
     * @return the payload length
     * @throws ShareFileException       like {@link #decode(List)}
     * @throws IllegalArgumentException when the payload does not fit in {@code payload}'s remaining bytes,
     *                                  or direct and heap share buffers are mixed, or a heap share buffer
     *                                  is read-only (nothing is written)
     */
    public int decode(List<ByteBuffer> shareFiles, ByteBuffer payload) throws ShareFileException {
        if (payload.isReadOnly()) {
            throw new IllegalArgumentException("the payload buffer is read-only; give a writable buffer");
        }
        List<ShareHeader> headers = new ArrayList<>(shareFiles.size());
        for (int p = 0; p < shareFiles.size(); p++) {
            ByteBuffer file = shareFiles.get(p);
            byte[] start = new byte[Math.min(ShareHeader.MAX_LENGTH, file.remaining())];
            file.get(file.position(), start);
            headers.add(parseAt(start, p));
        }
        int[] chosen = choose(headers);
        int fileLength = shareFiles.get(0).remaining();
        for (int p = 1; p < shareFiles.size(); p++) {
            if (shareFiles.get(p).remaining() != fileLength) {
                throw new ShareFileException(describe(p, headers) + " is " + shareFiles.get(p).remaining()
                        + " bytes but " + describe(0, headers) + " is " + fileLength
                        + " bytes; one of them is truncated or from another payload", p);
            }
        }
        long payloadLength = payloadLength(headers.get(0), fileLength, 0, headers);
        if (payloadLength > payload.remaining()) {
            throw new IllegalArgumentException("the payload buffer has " + payload.remaining()
                    + " bytes remaining but the shares hold a payload of " + payloadLength
                    + " bytes; give a larger buffer");
        }
        ByteBuffer[] inputs = new ByteBuffer[k];
        for (int i = 0; i < k; i++) {
            ByteBuffer file = shareFiles.get(chosen[i]);
            inputs[i] = file.slice(file.position() + headerLength, fileLength - headerLength);
        }
        Spans spans = Spans.of(inputs);
        decodeStripes(headers, chosen, spans, 0, fileLength - headerLength, payload, payload.position(),
                payloadLength);
        payload.position(payload.position() + (int) payloadLength);
        return (int) payloadLength;
    }

    /**
     * The payload of the k data shares (share numbers 0 to k-1, among the given share files), without
     * decoding or copying it: a view over the arrays given, which must not change while it is used. Checks
     * the share files like {@link #decode(List)}.
     *
     * @return the payload, or empty when the data shares are not all among the share files
     * @throws ShareFileException when a header is invalid or belongs to another code, the shares disagree
     *                            on their parameters or lengths, a share number repeats, or fewer than k
     *                            shares are given
     */
    public Optional<PayloadBytes> dataShares(List<byte[]> shareFiles) throws ShareFileException {
        return view(inMemory(shareFiles, -1));
    }

    /**
     * Like {@link #dataShares(List)} for share files of {@code fileLength} bytes each held at the start of
     * larger arrays (reused buffers).
     *
     * @throws IllegalArgumentException when an array is shorter than {@code fileLength}
     */
    public Optional<PayloadBytes> dataShares(List<byte[]> shareFiles, int fileLength) throws ShareFileException {
        if (fileLength < 0) {
            throw new IllegalArgumentException("share file length must not be negative, got " + fileLength);
        }
        for (byte[] file : shareFiles) {
            if (file.length < fileLength) {
                throw new IllegalArgumentException("a share array of " + file.length + " bytes cannot hold a share"
                        + " file of " + fileLength);
            }
        }
        return view(inMemory(shareFiles, fileLength));
    }

    private Optional<PayloadBytes> view(InMemory in) {
        for (int i = 0; i < k; i++) {
            if (in.headers().get(in.chosen()[i]).shareNumber() != i) {
                return Optional.empty();
            }
        }
        return Optional.of(new PayloadBytes(in.inputs(), headerLength, in.shareLength(), in.payloadLength()));
    }

    /** Share files held in memory, checked: the k chosen ones in share-number order, and the lengths. */
    private record InMemory(List<ShareHeader> headers, int[] chosen, byte[][] inputs, int shareLength,
            long payloadLength) {
    }

    /**
     * Checks share files of {@code fileLength} bytes each (at the start of each array), or, when it is -1,
     * share files that are whole arrays (of one length).
     */
    private InMemory inMemory(List<byte[]> shareFiles, int fileLength) throws ShareFileException {
        List<ShareHeader> headers = new ArrayList<>(shareFiles.size());
        for (int p = 0; p < shareFiles.size(); p++) {
            headers.add(parseAt(shareFiles.get(p), p));
        }
        int[] chosen = choose(headers);
        if (fileLength < 0) {
            for (int p = 1; p < shareFiles.size(); p++) {
                if (shareFiles.get(p).length != shareFiles.get(0).length) {
                    throw new ShareFileException(describe(p, headers) + " is " + shareFiles.get(p).length
                            + " bytes but " + describe(0, headers) + " is " + shareFiles.get(0).length
                            + " bytes; one of them is truncated or from another payload", p);
                }
            }
            fileLength = shareFiles.get(0).length;
        }
        long payloadLength = payloadLength(headers.get(0), fileLength, 0, headers);
        if (payloadLength > Integer.MAX_VALUE - 16) {
            throw new ShareFileException("payload of " + payloadLength + " bytes is too large for memory;"
                    + " use the streaming decode");
        }
        byte[][] inputs = new byte[k][];
        for (int i = 0; i < k; i++) {
            inputs[i] = shareFiles.get(chosen[i]);
        }
        return new InMemory(headers, chosen, inputs, fileLength - headerLength, payloadLength);
    }

    /**
     * Writes the first {@code payloadLength} payload bytes held in {@code length} bytes of the k chosen
     * shares (ascending share numbers, read at {@code inputOffset}) into {@code payload}.
     */
    private void decodeStripes(List<ShareHeader> headers, int[] chosen, byte[][] inputs, int inputOffset, int length,
            byte[] payload, long payloadLength) {
        decodeStripes(headers, chosen, Spans.wrap(inputs), inputOffset, length, ByteBuffer.wrap(payload), 0,
                payloadLength);
    }

    /** {@link #decodeStripes(List, int[], byte[][], int, int, byte[], long)} on buffers, the payload at {@code payloadOffset}. */
    private void decodeStripes(List<ShareHeader> headers, int[] chosen, Spans inputs, int inputOffset, int length,
            ByteBuffer payload, int payloadOffset, long payloadLength) {
        BitSet numbers = new BitSet(m);
        int[] dataInput = new int[k];
        Arrays.fill(dataInput, -1);
        for (int i = 0; i < k; i++) {
            int number = headers.get(chosen[i]).shareNumber();
            numbers.set(number);
            if (number < k) {
                dataInput[number] = i;
            }
        }
        MatrixCoder missing = numbers.nextClearBit(0) >= k ? null : decoder(numbers);
        stripes.decode(inputs, dataInput, inputOffset, length, missing, payload, payloadOffset, payloadLength);
    }

    /** The coder that rebuilds the missing data shares from the shares in {@code numbers}, in ascending order. */
    private MatrixCoder decoder(BitSet numbers) {
        MatrixCoder cached = decoders.get(numbers);
        if (cached != null) {
            return cached;
        }
        byte[][] rows = new byte[k][];
        int r = 0;
        for (int n = numbers.nextSetBit(0); n >= 0; n = numbers.nextSetBit(n + 1)) {
            rows[r++] = matrix[n];
        }
        byte[][] inverse = ZfecMatrix.invert(rows);
        List<byte[]> missingRows = new ArrayList<>();
        for (int d = 0; d < k; d++) {
            if (!numbers.get(d)) {
                missingRows.add(inverse[d]);
            }
        }
        MatrixCoder coder = engine.get().coder(missingRows.toArray(new byte[0][]));
        if (decoders.size() >= DECODER_CACHE_LIMIT) {
            decoders.clear();
        }
        decoders.put(numbers, coder);
        return coder;
    }

    /**
     * Decodes share streams into the payload with memory bounded by a few MiB. Reads each stream's
     * header, then the data of k of them (data shares preferred); does not close any stream. Share
     * lengths are only known at their ends, so when one of the k turns out shorter than the others, the
     * exception comes after the payload before that point has been written.
     *
     * @param shareFiles at least k share streams of one payload, positioned at the start of the file
     * @return the payload length written
     * @throws ShareFileException when a header is invalid or belongs to another code, the shares disagree
     *                            on their parameters or lengths, a share number repeats, or fewer than k
     *                            shares are given
     */
    public long decode(List<? extends InputStream> shareFiles, OutputStream payload) throws IOException {
        List<ShareHeader> headers = new ArrayList<>(shareFiles.size());
        for (int p = 0; p < shareFiles.size(); p++) {
            try {
                headers.add(ShareHeader.read(shareFiles.get(p)));
            } catch (ShareFileException e) {
                throw new ShareFileException("share #" + p + ": " + e.getMessage(), p);
            }
            checkCode(headers.get(p), p);
        }
        int[] chosen = choose(headers);
        int pad = headers.get(0).padLength();
        int stripesPerBatch = Math.max(1, STREAM_BUFFER_BYTES / (2 * k * BLOCK));
        int batch = stripesPerBatch * BLOCK;
        byte[][] inputs = new byte[k][batch];
        byte[] out = new byte[k * batch];
        byte[] held = new byte[0];
        long total = 0;
        long shareBytes = 0;
        while (true) {
            int length = -1;
            for (int i = 0; i < k; i++) {
                int n = shareFiles.get(chosen[i]).readNBytes(inputs[i], 0, batch);
                if (length >= 0 && n != length) {
                    throw new ShareFileException(describe(chosen[i], headers) + " has " + (shareBytes + n)
                            + " data bytes but " + describe(chosen[0], headers) + " has "
                            + (shareBytes + length) + (length == batch ? " or more" : "")
                            + "; one of them is truncated or from another payload", chosen[i]);
                }
                length = n;
            }
            if (length == 0) {
                break;
            }
            int produced = k * length;
            decodeStripes(headers, chosen, inputs, 0, length, out, produced);
            // The last pad bytes of the whole share set are padding: hold back that many until the end.
            int combined = held.length + produced;
            int release = Math.max(0, combined - pad);
            int fromHeld = Math.min(release, held.length);
            int fromOut = release - fromHeld;
            payload.write(held, 0, fromHeld);
            payload.write(out, 0, fromOut);
            total += release;
            byte[] next = new byte[combined - release];
            System.arraycopy(held, fromHeld, next, 0, held.length - fromHeld);
            System.arraycopy(out, fromOut, next, held.length - fromHeld, produced - fromOut);
            held = next;
            shareBytes += length;
            if (length < batch) {
                break;
            }
        }
        if (pad > 0 && held.length < pad) {
            throw new ShareFileException("the shares hold no data but their headers say " + pad
                    + " bytes of padding; they are truncated");
        }
        return total;
    }

    private ShareHeader parseAt(byte[] file, int position) throws ShareFileException {
        ShareHeader header;
        try {
            header = ShareHeader.parse(file);
        } catch (ShareFileException e) {
            throw new ShareFileException("share #" + position + ": " + e.getMessage(), position);
        }
        checkCode(header, position);
        return header;
    }

    private void checkCode(ShareHeader header, int position) throws ShareFileException {
        if (header.k() != k || header.m() != m) {
            throw new ShareFileException("share #" + position + " (share number " + header.shareNumber()
                    + ") is from a k=" + header.k() + ", m=" + header.m() + " code, expected k=" + k + ", m=" + m
                    + "; it belongs to another archive or chunk", position);
        }
    }

    /**
     * Checks that the shares agree and are enough, and picks k of them: data shares first, then parity
     * shares, in ascending share-number order.
     *
     * @return positions in the caller's list
     */
    private int[] choose(List<ShareHeader> headers) throws ShareFileException {
        if (headers.isEmpty()) {
            throw new ShareFileException("no shares given; " + k + " of the " + m + " shares are needed");
        }
        int[] positionOfNumber = new int[m];
        Arrays.fill(positionOfNumber, -1);
        ShareHeader first = headers.get(0);
        for (int p = 0; p < headers.size(); p++) {
            ShareHeader h = headers.get(p);
            if (h.padLength() != first.padLength()) {
                throw new ShareFileException(describe(p, headers) + " says pad length " + h.padLength() + " but "
                        + describe(0, headers) + " says " + first.padLength()
                        + "; shares of different payloads are mixed", p);
            }
            int previous = positionOfNumber[h.shareNumber()];
            if (previous >= 0) {
                throw new ShareFileException(describe(p, headers) + " repeats " + describe(previous, headers)
                        + "; give each share once", p);
            }
            positionOfNumber[h.shareNumber()] = p;
        }
        if (headers.size() < k) {
            throw new ShareFileException("only " + headers.size() + " shares given but " + k + " of the " + m
                    + " are needed to decode; find more shares");
        }
        return IntStream.range(0, headers.size()).boxed()
                .sorted(Comparator.comparingInt(p -> headers.get(p).shareNumber()))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    private long payloadLength(ShareHeader header, long fileLength, int position, List<ShareHeader> headers)
            throws ShareFileException {
        try {
            return header.payloadLength(fileLength);
        } catch (ShareFileException e) {
            throw new ShareFileException(describe(position, headers) + ": " + e.getMessage(), position);
        }
    }

    private static String describe(int position, List<ShareHeader> headers) {
        return "share #" + position + " (share number " + headers.get(position).shareNumber() + ")";
    }

    /** A value computed once, on first use, by whichever thread asks first; thread-safe. */
    private static final class Lazy<T> implements Supplier<T> {
        private Supplier<T> compute;
        private volatile T value;

        Lazy(Supplier<T> compute) {
            this.compute = compute;
        }

        static <T> Lazy<T> of(T value) {
            Lazy<T> known = new Lazy<>(null);
            known.value = value;
            return known;
        }

        /** The value when already computed, else {@code null}. */
        T peek() {
            return value;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = compute.get();
                        value = v;
                        compute = null;
                    }
                }
            }
            return v;
        }
    }

    @Override
    public String toString() {
        CodecEngine chosen = engine.peek();
        return "ZfecCodec[k=" + k + ", m=" + m + ", engine=" + (chosen == null ? "not chosen yet" : chosen.name())
                + "]";
    }
}
