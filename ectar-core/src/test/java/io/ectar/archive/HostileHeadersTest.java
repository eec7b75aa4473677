package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tar headers no honest writer makes: a clear error, or that one entry refused with a short reason while
 * the entries after it are still extracted; never an internal error, never an allocation the input sized.
 */
class HostileHeadersTest {

    @TempDir
    Path tmp;

    private int archives;

    private ExtractResult extract(RawTar tar) throws Exception {
        int n = ++archives;
        Path archive = RawTar.archive(tar.file("after.txt", "still extracted").end(), tmp.resolve("archive" + n));
        Path out = tmp.resolve("out" + n);
        ExtractResult r = Archives.extract(archive, out, ExtractOptions.defaults());
        assertThat(out.resolve("after.txt")).as("the entries after it").hasContent("still extracted");
        return r;
    }

    private static String onlyRefusal(ExtractResult r, String path) {
        assertThat(r.refused()).extracting(ExtractResult.Refusal::path).containsExactly(path);
        return r.refused().get(0).reason();
    }

    @Test
    void aNegativePaxSizeRefusesTheEntry() throws Exception {
        ExtractResult r = extract(new RawTar().pax("size", "-5").file("neg.txt", "data"));
        assertThat(onlyRefusal(r, "neg.txt")).isEqualTo("its pax size '-5' is not a valid size; not extracted");
        assertThat(tmp.resolve("out1/neg.txt")).doesNotExist();
    }

    @Test
    void aNegativeBase256SizeIsACorruptHeader() throws Exception {
        byte[] size = new byte[12];
        Arrays.fill(size, (byte) 0xFF); // base-256 -1
        byte[] tar = new RawTar().header("neg.bin", '0', 0, size, null).end();
        Path archive = RawTar.archive(tar, tmp.resolve("archive"));
        Throwable t = catchThrowable(() -> Archives.extract(archive, tmp.resolve("out"), ExtractOptions.defaults()));
        assertThat(t).isInstanceOf(ArchiveException.class)
                .hasMessage("corrupt tar header at byte 0 of the tar stream (negative size -1)");
    }

    @Test
    void aPaxRecordLengthThatOverflowsRefusesTheEntry() throws Exception {
        byte[] records = "2147483647 path=x\n".getBytes(StandardCharsets.US_ASCII);
        ExtractResult r = extract(new RawTar().pax(records).file("plain.txt", "data"));
        assertThat(onlyRefusal(r, "plain.txt")).startsWith("corrupt pax header record length 2147483647");
    }

    @Test
    void aNulInAPaxLinkpathRefusesTheLink() throws Exception {
        ExtractResult r = extract(new RawTar().pax("linkpath", "a\0b").header("lnk", '2', 0, null, "x"));
        assertThat(onlyRefusal(r, "lnk")).isEqualTo("its target contains a NUL character; not extracted");
    }

    @Test
    void aHugePaxPathRefusesThatEntryOnlyAndIsNeverEchoed() throws Exception {
        String path = "p/" + "a".repeat(8 << 20);
        ExtractResult r = extract(new RawTar().pax("path", path).file("short-name", "data"));
        assertThat(onlyRefusal(r, "short-name")).isEqualTo("its pax extended header is "
                + RawTar.record("path", path.getBytes(StandardCharsets.UTF_8)).length
                + " bytes, more than the 1 MiB ectar reads; not extracted");
    }

    @Test
    void aPathLongerThanTheFileSystemAllowsIsRefusedWithAShortReason() throws Exception {
        String path = "d/" + "b".repeat(5000);
        ExtractResult r = extract(new RawTar().pax("path", path).file("x", "data"));
        assertThat(onlyRefusal(r, path)).isEqualTo("path of 5002 bytes, more than the 4096 a path may have");
        String name = "c".repeat(300);
        r = extract(new RawTar().pax("path", "d2/" + name).file("y", "data"));
        assertThat(r.refused()).extracting(ExtractResult.Refusal::reason)
                .containsExactly("a name of 300 bytes, more than the 255 a name may have");
        assertThat(Extractor.shown(path)).hasSizeLessThan(120).endsWith("(5002 characters)");
    }

    @Test
    void aNameThatIsNotUtf8IsRefusedWithItsBytes() throws Exception {
        byte[] name = {'l', 'a', 't', 'i', 'n', '-', (byte) 0xE9};
        ExtractResult r = extract(new RawTar().pax(RawTar.record("path", name)).file("z", "data"));
        assertThat(onlyRefusal(r, "z")).isEqualTo("its pax path latin-\\xe9 is not valid UTF-8; not extracted");
    }

    @Test
    void aHostilePaxTimeIsRefusedNotComputed() throws Exception {
        ExtractResult r = extract(new RawTar().pax("mtime", "1e999999999").file("t", "data"));
        assertThat(onlyRefusal(r, "t")).isEqualTo("its pax mtime '1e999999999' is not a time; not extracted");
    }
}
