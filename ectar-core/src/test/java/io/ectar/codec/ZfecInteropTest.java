package io.ectar.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte comparisons with the real zfec: Debian's python3-zfec, driven through /usr/bin/python3 (a python3
 * earlier on PATH may lack the module). Its file helpers import the unpackaged {@code pyutil}; the test
 * resources carry a stand-in with the two functions they use.
 */
class ZfecInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String[] RESOURCES = {"zfec_interop.py", "pyutil/__init__.py", "pyutil/fileutil.py",
        "pyutil/mathutil.py"};

    /** (k, m, payload size): edge sizes, multi-stripe payloads, and wide codes. */
    private static final int[][] CASES = {
        {1, 2, 0}, {1, 2, 5000}, {2, 3, 1}, {3, 5, 13000}, {4, 6, 2 * 4 * 4096}, {7, 7, 3 * 7 * 4096 + 1},
        {10, 14, 1_000_003}, {16, 20, 16 * 4096 * 5 + 17}, {100, 150, 100 * 4096 + 99}, {128, 256, 4 * 128 * 4096},
        {255, 256, 300_000}};

    @TempDir
    static Path dir;
    private static Path script;

    @BeforeAll
    static void installHelper() throws IOException {
        Path py = dir.resolve("py");
        for (String name : RESOURCES) {
            Path target = py.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = ZfecInteropTest.class.getResourceAsStream("python/" + name)) {
                assertThat(in).as("test resource python/%s", name).isNotNull();
                Files.copy(in, target);
            }
        }
        script = py.resolve("zfec_interop.py");
        assertThat(PYTHON).as("Debian's python3 with python3-zfec (see .ci/run)").isExecutable();
    }

    /** Runs the jobs (one per line, words separated by tabs) in one python process. */
    private static void zfec(List<List<String>> jobs) throws Exception {
        Process process = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectErrorStream(true).start();
        StringBuilder input = new StringBuilder();
        for (List<String> job : jobs) {
            input.append(String.join("\t", job)).append('\n');
        }
        process.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines().filter("ok"::equals).count()).as(output).isEqualTo(jobs.size());
    }

    private static String zfecName(int share, int m) {
        int width = Integer.toString(m).length();
        return String.format(Locale.ROOT, "f.%0" + width + "d_%0" + width + "d.fec", share, m);
    }

    @Test
    void zfecShareFilesEqualOursAndDecodeWithUs() throws Exception {
        Random random = new Random(42);
        List<List<String>> jobs = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int c = 0; c < CASES.length; c++) {
            byte[] payload = new byte[CASES[c][2]];
            random.nextBytes(payload);
            payloads.add(payload);
            Path input = dir.resolve("zfec-in-" + c);
            Files.write(input, payload);
            Path out = Files.createDirectories(dir.resolve("zfec-out-" + c));
            jobs.add(List.of("files-encode", "" + CASES[c][0], "" + CASES[c][1], input.toString(), out.toString()));
        }
        zfec(jobs);
        for (int c = 0; c < CASES.length; c++) {
            int k = CASES[c][0];
            int m = CASES[c][1];
            byte[] payload = payloads.get(c);
            List<byte[]> theirs = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                theirs.add(Files.readAllBytes(dir.resolve("zfec-out-" + c).resolve(zfecName(i, m))));
            }
            for (CodecEngine engine : TestEngines.all()) {
                ZfecCodec codec = ZfecCodec.create(k, m, engine);
                byte[][] ours = codec.encode(payload);
                for (int i = 0; i < m; i++) {
                    assertThat(ours[i]).as("%s size %d share %d", codec, payload.length, i).isEqualTo(theirs.get(i));
                }
                List<byte[]> subset = new ArrayList<>();
                Subsets.random(m, k, random).forEach(i -> subset.add(theirs.get(i)));
                assertThat(codec.decode(subset)).as("%s decoding zfec's shares", codec).isEqualTo(payload);
            }
        }
    }

    @Test
    void zunfecDecodesOurShareFiles() throws Exception {
        Random random = new Random(7);
        List<List<String>> jobs = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int c = 0; c < CASES.length; c++) {
            int k = CASES[c][0];
            int m = CASES[c][1];
            byte[] payload = new byte[CASES[c][2]];
            random.nextBytes(payload);
            payloads.add(payload);
            CodecEngine engine = TestEngines.all().get(c % 2);
            byte[][] ours = ZfecCodec.create(k, m, engine).encode(payload);
            Path shares = Files.createDirectories(dir.resolve("ours-" + c));
            List<String> job = new ArrayList<>(List.of("files-decode", dir.resolve("zunfec-" + c).toString()));
            // filefec wants at least two files and uses the first k it is given
            for (int i : Subsets.random(m, Math.max(2, k), random)) {
                Path file = shares.resolve(zfecName(i, m));
                Files.write(file, ours[i]);
                job.add(file.toString());
            }
            jobs.add(job);
        }
        zfec(jobs);
        for (int c = 0; c < CASES.length; c++) {
            assertThat(Files.readAllBytes(dir.resolve("zunfec-" + c))).as("case %s", Arrays.toString(CASES[c]))
                    .isEqualTo(payloads.get(c));
        }
    }

    @Test
    void rawEncoderAndDecoderAgreeWithOurEngines() throws Exception {
        Random random = new Random(3);
        // not k=256: zfec 1.5.2's Decoder crashes (SIGSEGV) for k=256
        int[][] shapes = {{2, 3, 1}, {3, 5, 33}, {10, 14, 4096}, {20, 30, 777}, {255, 256, 64}, {1, 256, 100}};
        List<List<String>> jobs = new ArrayList<>();
        List<byte[][]> ourShares = new ArrayList<>();
        for (int s = 0; s < shapes.length; s++) {
            int k = shapes[s][0];
            int m = shapes[s][1];
            int block = shapes[s][2];
            byte[] data = new byte[k * block];
            random.nextBytes(data);
            Path input = dir.resolve("raw-in-" + s);
            Files.write(input, data);
            jobs.add(List.of("raw-encode", "" + k, "" + m, input.toString(), dir.resolve("raw-enc-" + s).toString()));
            // one stripe of k blocks is exactly what the share files hold after their headers
            byte[][] files = ZfecCodec.create(k, m, TestEngines.all().get(s % 2)).encode(data);
            ourShares.add(files);
            List<String> decode = new ArrayList<>(
                    List.of("raw-decode", "" + k, "" + m, dir.resolve("raw-dec-" + s).toString()));
            int header = ShareHeader.length(m, k);
            for (int i : Subsets.random(m, k, random)) {
                Path file = dir.resolve("raw-share-" + s + "-" + i);
                Files.write(file, Arrays.copyOfRange(files[i], header, files[i].length));
                decode.add(i + ":" + file);
            }
            jobs.add(decode);
        }
        zfec(jobs);
        for (int s = 0; s < shapes.length; s++) {
            int k = shapes[s][0];
            int m = shapes[s][1];
            int header = ShareHeader.length(m, k);
            byte[] encoded = Files.readAllBytes(dir.resolve("raw-enc-" + s));
            byte[] data = Files.readAllBytes(dir.resolve("raw-in-" + s));
            int block = shapes[s][2];
            for (int i = 0; i < m; i++) {
                assertThat(Arrays.copyOfRange(ourShares.get(s)[i], header, header + block)).as("shape %s share %d",
                        Arrays.toString(shapes[s]), i)
                        .isEqualTo(Arrays.copyOfRange(encoded, i * block, (i + 1) * block));
            }
            assertThat(Files.readAllBytes(dir.resolve("raw-dec-" + s))).isEqualTo(data);
        }
    }
}
