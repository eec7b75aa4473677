package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.internal.create.TreeWalker;
import io.ectar.format.IndexEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names whose bytes are not valid UTF-8 cannot be carried by Java: each is refused by name (its bytes shown),
 * never stored as another name, never mixed up with the file whose name Java decodes alike.
 */
class NonUtf8NamesTest {

    @TempDir
    Path tmp;

    @Test
    void namesThatAreNotUtf8AreRefusedByNameAndNeverStoredAsAnotherName() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("src/d"));
        Files.writeString(data.resolve("caf\u00e9_\u65e5\u672c\u8a9e_\ud83c\udf89.txt"), "unicode");
        Files.writeString(data.resolve("clash-\uFFFD"), "the U+FFFD file");
        Files.writeString(data.resolve("plain"), "plain");
        RawNames.file(data, "clash-\\377", "the 0xff file");
        RawNames.file(data, "latin1-\\351t\\351", "latin-1");
        RawNames.symlink(data, "link", "tgt-\\377");
        Path archive = tmp.resolve("archive");

        CreateResult created = Archives.create(archive, CreateOptions.defaults().withShards(2, 1), data);

        assertThat(created.unreadable()).containsExactlyInAnyOrder(
                "d/clash-\\xff: " + TreeWalker.NOT_UTF8,
                "d/latin1-\\xe9t\\xe9: " + TreeWalker.NOT_UTF8,
                "d/link: its target tgt-\\xff is not valid UTF-8, which an archive cannot hold; skipped (rename the"
                        + " target and point the link at the new name)");
        List<String> stored;
        try (Archive a = Archive.open(archive.resolve(Archives.BASE).toString())) {
            stored = a.index().orElseThrow().entries().stream().map(IndexEntry::path).toList();
        }
        assertThat(stored).containsExactly("d", "d/caf\u00e9_\u65e5\u672c\u8a9e_\ud83c\udf89.txt", "d/clash-\uFFFD",
                "d/plain");

        Path out = tmp.resolve("out");
        ExtractResult extracted = Archives.extract(archive, out, ExtractOptions.defaults());
        assertThat(extracted.refused()).isEmpty();
        assertThat(out.resolve("d/clash-\uFFFD")).hasContent("the U+FFFD file");
        assertThat(out.resolve("d/caf\u00e9_\u65e5\u672c\u8a9e_\ud83c\udf89.txt")).hasContent("unicode");
        assertThat(names(out.resolve("d"))).containsExactlyInAnyOrder("caf\u00e9_\u65e5\u672c\u8a9e_\ud83c\udf89.txt",
                "clash-\uFFFD", "plain");
    }

    @Test
    void anInputThatIsNotUtf8IsRefusedBeforeAnythingIsWritten() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        RawNames.file(src, "latin1-\\351t\\351", "latin-1");
        Path input;
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(src)) {
            input = listing.iterator().next();
        }
        Path archive = tmp.resolve("archive");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> Archives.create(archive, CreateOptions.defaults().withShards(2, 1), input)))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("latin1-\\xe9t\\xe9")
                .hasMessageContaining("not valid UTF-8");
        assertThat(names(archive)).isEmpty();
    }

    @Test
    void bytesAndPrintableShowWhatIsOnDisk() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        RawNames.file(dir, "a\\377b", "x");
        Files.createDirectories(dir.resolve("sub\uFFFD"));
        List<Path> listed = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            listing.forEach(p -> listed.add(p.getFileName()));
        }
        listed.sort(null);
        Path raw = listed.get(0);
        Path legit = listed.get(1);
        assertThat(FileNames.bytes(raw)).containsExactly('a', 0xff, 'b');
        assertThat(FileNames.carried(raw)).isFalse();
        assertThat(FileNames.printable(raw)).isEqualTo("a\\xffb");
        // a directory: its URI ends with a slash, its bytes do not
        assertThat(FileNames.bytes(dir.resolve(legit))).endsWith("sub\uFFFD".getBytes(StandardCharsets.UTF_8));
        assertThat(FileNames.carried(legit)).isTrue();
        assertThat(FileNames.printable("new\nline")).isEqualTo("new\\x0aline");
        assertThat(FileNames.printable("caf\u00e9".getBytes(StandardCharsets.UTF_8))).isEqualTo("caf\u00e9");
    }

    private static List<String> names(Path dir) throws Exception {
        List<String> names = new ArrayList<>();
        if (Files.exists(dir)) {
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
                listing.forEach(p -> names.add(p.getFileName().toString()));
            }
        }
        return names;
    }
}
