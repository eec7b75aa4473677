package io.ectar.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.archive.ArchiveException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background fsyncs: await() is the barrier, failures surface, renames follow their fsync. */
class PendingSyncsTest {

    @TempDir
    Path tmp;

    @Test
    void awaitReturnsOnlyAfterEveryFileIsSyncedAndRenamed() throws Exception {
        try (PendingSyncs syncs = new PendingSyncs()) {
            for (int i = 0; i < 20; i++) {
                try (OutputStream out = DurableFiles.createNew(tmp.resolve("shard" + i), syncs)) {
                    out.write(("shard " + i).repeat(10_000).getBytes(StandardCharsets.UTF_8));
                }
            }
            DurableFiles.writeAtomically(tmp.resolve("index"), tmp.resolve(".index.tmp"),
                    "the index".getBytes(StandardCharsets.UTF_8), syncs);
            syncs.await();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(Files.readString(tmp.resolve("shard" + i))).isEqualTo(("shard " + i).repeat(10_000));
        }
        assertThat(Files.readString(tmp.resolve("index"))).isEqualTo("the index");
        assertThat(tmp.resolve(".index.tmp")).doesNotExist();
    }

    @Test
    void aFailureSurfacesFromAwaitAfterTheOtherWorkIsDone() throws Exception {
        AtomicInteger done = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (PendingSyncs syncs = new PendingSyncs()) {
            for (int i = 0; i < 3; i++) {
                syncs.submit(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    done.incrementAndGet();
                });
            }
            syncs.submit(() -> {
                throw new ArchiveException("cannot write /backup/b.c001.s03: No space left on device");
            });
            release.countDown();
            assertThatThrownBy(syncs::await).isInstanceOf(ArchiveException.class)
                    .hasMessageContaining("b.c001.s03");
            assertThat(done).hasValue(3);
            syncs.await(); // reported once
        }
    }

    @Test
    void aFinishedFailureStopsTheNextSubmission() throws Exception {
        try (PendingSyncs syncs = new PendingSyncs()) {
            syncs.submit(() -> {
                throw new ArchiveException("fsync failed on s07");
            });
            // Submissions go on until the failure has been noticed; the failing work finishes on its own.
            assertThatThrownBy(() -> {
                while (true) {
                    syncs.submit(() -> { });
                    Thread.yield();
                }
            }).hasMessageContaining("s07");
        }
    }
}
