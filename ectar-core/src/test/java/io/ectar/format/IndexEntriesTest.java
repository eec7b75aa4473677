package io.ectar.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entries beyond {@link IndexEntries#IN_MEMORY} go to a temporary file and come back exactly, as often as asked. */
class IndexEntriesTest {

    private static IndexEntry entry(int i) {
        EntryType type = EntryType.values()[i % 4];
        String sha = switch (i % 3) {
            case 0 -> null;
            case 1 -> String.format("%064x", (long) i * 0x9E3779B97F4A7C15L);
            default -> "NOT-HEX-" + i; // kept as text
        };
        return new IndexEntry("dir/é-日本/" + "x".repeat(i % 300) + i, type, type == EntryType.FILE ? i * 1000L : 0,
                i % 07777, Instant.ofEpochSecond(-86_400L * 365 * 80 + i * 7919L, i % 1_000_000_000), i - 5, -i,
                i % 5 == 0 ? null : "user" + (i % 7), i % 6 == 0 ? null : "group", type == EntryType.SYMLINK
                ? "../target " + i : null, sha, 1 + i / 100, i * 1536L);
    }

    @Test
    void manyEntriesAreSpilledAndReadBackExactlyAndRepeatedly() throws Exception {
        int n = IndexEntries.IN_MEMORY * 3 + 17;
        List<IndexEntry> expected = new ArrayList<>();
        IndexEntries entries;
        try (IndexEntries.Builder b = IndexEntries.builder()) {
            for (int i = 0; i < n; i++) {
                expected.add(entry(i));
                b.add(entry(i));
            }
            entries = b.build();
        }
        try (entries) {
            assertThat(entries.spilled()).isTrue();
            assertThat(entries.size()).isEqualTo(n);
            assertThat(entries.files()).isEqualTo(expected.stream().filter(e -> e.type() == EntryType.FILE).count());
            assertThat(entries.fileBytes()).isEqualTo(expected.stream().mapToLong(IndexEntry::size).sum());
            assertThat(entries.list()).containsExactlyElementsOf(expected);
            assertThat(entries.stream().toList()).containsExactlyElementsOf(expected); // a second pass
            assertThat(entries).isEqualTo(IndexEntries.of(expected));
        }
    }

    @Test
    void aForkReadsOnFromTheSamePlaceWithoutMovingItsCursor() throws Exception {
        IndexEntries entries;
        try (IndexEntries.Builder b = IndexEntries.builder()) {
            for (int i = 0; i < IndexEntries.IN_MEMORY + 100; i++) {
                b.add(entry(i));
            }
            entries = b.build();
        }
        try (entries) {
            IndexEntries.Cursor c = entries.cursor();
            for (int i = 0; i < 1234; i++) {
                c.next();
            }
            assertThat(c.peek()).isEqualTo(entry(1234));
            IndexEntries.Cursor fork = c.fork();
            for (int i = 1234; i < 3000; i++) {
                assertThat(fork.next()).isEqualTo(entry(i));
            }
            assertThat(c.next()).isEqualTo(entry(1234));
            assertThat(c.fork().next()).isEqualTo(entry(1235));
            assertThat(c.index()).isEqualTo(1235);
        }
    }

    @Test
    void fewEntriesStayInMemory() throws Exception {
        try (IndexEntries.Builder b = IndexEntries.builder()) {
            b.add(entry(1));
            IndexEntries entries = b.build();
            assertThat(entries.spilled()).isFalse();
            assertThat(entries.list()).containsExactly(entry(1));
        }
    }
}
