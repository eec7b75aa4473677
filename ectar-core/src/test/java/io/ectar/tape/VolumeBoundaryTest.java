package io.ectar.tape;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.tape.changer.Cartridge;
import io.ectar.tape.changer.CartridgeCheck;
import io.ectar.tape.changer.SimLibrary;
import io.ectar.tape.device.SimhTapeImage;
import io.ectar.tape.device.TapeDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of a volume change: a shard is never split, so the one written at early warning ends on its
 * cartridge; trailer files after early warning start a volume of their own; a shard too big for the
 * early-warning zone fails its drive.
 */
class VolumeBoundaryTest {

    @TempDir
    Path tmp;

    private SimLibrary library(int slots, SimhTapeImage.Options cartridge, int drives) throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        for (int s = 1; s <= slots; s++) {
            Files.createFile(lib.resolve(String.format("slot-%03d.tap", s)));
        }
        List<Path> paths = new ArrayList<>();
        for (int d = 0; d < drives; d++) {
            paths.add(tmp.resolve("drive-" + d + ".tap"));
        }
        return new SimLibrary(lib, paths, null, cartridge);
    }

    private static List<byte[]> payloads(int n, int size, long seed) {
        Random random = new Random(seed);
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[size];
            random.nextBytes(p);
            all.add(p);
        }
        return all;
    }

    @Test
    void earlyWarningInTheLastChunkPutsTheTrailerOnAVolumeOfItsOwn() throws IOException {
        // One drive (k = 1): 3 shards of 300 KB; early warning at 0.8 MB comes inside chunk 3.
        SimLibrary changer = library(4, new SimhTapeImage.Options(2_000_000, 800_000, 0), 1);
        TapeLabel label = TapeSets.label(1, 0, 16 * 1024, BlockMode.VARIABLE);
        List<byte[]> payloads = payloads(3, 300_000, 1);
        TapeDirectory directory;
        try (RaitShardWriter writer = RaitShardWriter.start(
                List.of(CartridgeCheck.loadForWriting(changer, 0, 1, label.setId(), new ArrayList<>())), label, false,
                8, changer)) {
            TapeSets.writeChunks(writer, label, payloads);
            TapeSets.writeTrailer(writer, label);
            writer.finish();
            directory = writer.directory();
        }
        List<TapeDirectory.Volume> volumes = directory.volumesOf(0);
        assertThat(volumes).hasSize(2);
        assertThat(volumes.get(0).lastChunk()).isEqualTo(3);
        assertThat(volumes.get(1).firstChunk()).isZero();
        assertThat(volumes.get(1).firstFile()).isEqualTo(4);
        Path second = tmp.resolve("lib").resolve(String.format("slot-%03d.tap", Integer.parseInt(volumes.get(1).slot())));
        TapeLabel secondLabel = MultiVolumeTapeSetTest.labelOf(second);
        assertThat(secondLabel.volume()).isEqualTo(2);
        assertThat(secondLabel.firstChunk()).as("the chunk after the last").isEqualTo(4);
        List<TapeDevice> both = new ArrayList<>();
        for (TapeDirectory.Volume v : volumes) {
            both.add(SimhTapeImage.openForReading(tmp.resolve("lib").resolve(String.format("slot-%03d.tap",
                    Integer.parseInt(v.slot()))), SimhTapeImage.Options.UNLIMITED));
        }
        try (TapeShardReader reader = TapeShardReader.open(both)) {
            assertThat(TapeSets.decodeAll(reader, false)).containsExactlyElementsOf(payloads);
            assertThat(new String(reader.readFromAnyTape(TapeDirectory.Kind.INDEX))).isEqualTo("the index");
        }
    }

    @Test
    void aShardBiggerThanTheEarlyWarningZoneFailsItsDriveInsteadOfBeingCut() throws IOException {
        // Shards of 150 KB, a zone of 70 KB: the shard that crosses early warning hits the physical end.
        SimLibrary changer = library(10, new SimhTapeImage.Options(420_000, 350_000, 0), 3);
        TapeLabel label = TapeSets.label(2, 1, 16 * 1024, BlockMode.VARIABLE);
        List<Cartridge> first = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            first.add(CartridgeCheck.loadForWriting(changer, d, 1, label.setId(), new ArrayList<>()));
        }
        try (RaitShardWriter writer = RaitShardWriter.start(first, label, false, 8, changer)) {
            // Shard 3 (from 300 KB to 450 KB) crosses early warning at 350 KB and the physical end at 420 KB.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                TapeSets.writeChunks(writer, label, payloads(6, 300_000, 2));
                TapeSets.writeTrailer(writer, label);
                writer.finish();
            })
                    .isInstanceOf(RaitException.class).hasMessageContaining("tape full (physical end of medium)");
        }
    }
}
