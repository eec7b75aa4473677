package io.ectar.tape;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.tape.changer.Cartridge;
import io.ectar.tape.changer.CartridgeCheck;
import io.ectar.tape.changer.SimLibrary;
import io.ectar.tape.device.SimhTapeImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 6 drives (4+2), 4 volumes each, read back through the library with two whole drives' cartridges gone. */
class WideMultiVolumeSetTest {

    @TempDir
    Path tmp;

    @Test
    void fourOfSixDrivesVolumesRestoreEveryChunk() throws IOException, InterruptedException {
        Path library = tmp.resolve("library");
        Files.createDirectories(library);
        for (int slot = 1; slot <= 30; slot++) {
            Files.createFile(library.resolve(String.format("slot-%03d.tap", slot)));
        }
        List<Path> drives = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            drives.add(tmp.resolve("drive-" + d + ".tap"));
        }
        // Per drive: 60 shards of ~50 KB = 3 MB, on cartridges with early warning at 0.9 MB: 4 volumes.
        List<byte[]> payloads = new ArrayList<>();
        Random random = new Random(46);
        for (int c = 0; c < 60; c++) {
            byte[] p = new byte[200_000];
            random.nextBytes(p);
            payloads.add(p);
        }
        TapeLabel label = TapeSets.label(4, 2, 16 * 1024, BlockMode.VARIABLE);
        SimLibrary changer = new SimLibrary(library, drives, null, new SimhTapeImage.Options(1_000_000, 900_000, 0));
        List<Cartridge> first = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            first.add(CartridgeCheck.loadForWriting(changer, d, 1, label.setId(), new ArrayList<>()));
        }
        TapeDirectory directory;
        try (RaitShardWriter writer = RaitShardWriter.start(first, label, false, 8, changer)) {
            TapeSets.writeChunks(writer, label, payloads);
            TapeSets.writeTrailer(writer, label);
            writer.finish();
            directory = writer.directory();
        }
        int removed = 0;
        for (int tape = 0; tape < 6; tape++) {
            assertThat(directory.volumesOf(tape)).as("tape %d", tape).hasSize(4);
            for (TapeDirectory.Volume v : directory.volumesOf(tape)) {
                Path image = library.resolve(String.format("slot-%03d.tap", Integer.parseInt(v.slot())));
                assertThat(SimhTapeSetTest.mtdumpRecordsPerFile(image)).as(v.describe()).isNotEmpty();
                if (tape == 1 || tape == 4) {
                    Files.delete(image);
                    removed++;
                }
            }
        }
        assertThat(removed).isEqualTo(8);
        SimLibrary reading = new SimLibrary(library, drives.subList(0, 4), null, SimhTapeImage.Options.UNLIMITED);
        try (TapeShardReader reader = TapeShardReader.open(reading, 4, label.setId())) {
            assertThat(reader.tapes()).containsExactly(0, 2, 3, 5);
            assertThat(TapeSets.decodeAll(reader, false)).containsExactlyElementsOf(payloads);
        }
    }
}
