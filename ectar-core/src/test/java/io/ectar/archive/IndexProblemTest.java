package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index problems are typed: verify decides from their kind, never from the words of their message. */
class IndexProblemTest {

    @TempDir
    Path tmp;

    @Test
    void aNoIndexArchiveWhoseNameSaysDamagedIsNotDamaged() throws Exception {
        // The verdict used to look for "damaged" in the message, which names the archive's own files.
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("x"), "x");
        Path dir = Files.createDirectories(tmp.resolve("archive"));
        String base = "damaged-photos";
        try (ShardSink sink = DirectoryShardSink.open(dir, base, false)) {
            new ArchiveCreator(CreateOptions.defaults().withShards(2, 1).withIndex(false), Progress.NONE)
                    .create(List.of(data), base, sink);
        }
        try (Archive a = Archive.open(dir.resolve(base).toString())) {
            assertThat(a.indexProblemDetails()).extracting(IndexProblem::kind)
                    .containsExactly(IndexProblem.Kind.FILE_MISSING, IndexProblem.Kind.SHARDS_MISSING);
            assertThat(a.indexProblems()).anyMatch(p -> p.contains("damaged-photos.index.zst is missing"));
            VerifyReport v = new Verifier(a, Progress.NONE).verify(Verifier.Mode.FULL);
            assertThat(v.status()).as(v.indexProblems().toString()).isEqualTo(VerifyReport.Status.OK);
            assertThat(v.indexProblems()).isEmpty();
            assertThat(v.filesChecked()).isEqualTo(1);
        }
    }

    @Test
    void aDamagedIndexFileIsDamageAndItsMessageIsWhatTheUserReads() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("x"), "x");
        Path archive = tmp.resolve("archive");
        Archives.create(archive, CreateOptions.defaults().withShards(2, 1), data);
        Files.write(archive.resolve(Archives.BASE + ".index.zst"), new byte[] {1, 2, 3});
        try (Archive a = Archive.open(archive.resolve(Archives.BASE).toString())) {
            assertThat(a.indexProblemDetails()).first().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(IndexProblem.Kind.FILE_DAMAGED);
                assertThat(p.kind().isDamage()).isTrue();
                assertThat(p.message()).startsWith(Archives.BASE + ".index.zst is damaged (");
            });
            assertThat(a.indexProblems()).isEqualTo(IndexProblem.messages(a.indexProblemDetails()));
            VerifyReport v = new Verifier(a, Progress.NONE).verify(Verifier.Mode.FULL);
            assertThat(v.status()).isEqualTo(VerifyReport.Status.DAMAGED);
        }
    }

    @Test
    void onlyBytesThatAreThereButWrongAreDamage() {
        assertThat(IndexProblem.Kind.values()).filteredOn(IndexProblem.Kind::isDamage)
                .containsExactly(IndexProblem.Kind.FILE_DAMAGED, IndexProblem.Kind.SHARDS_DAMAGED);
    }
}
