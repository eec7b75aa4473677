package io.ectar.tape.changer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code mtx status} as real autoloaders and libraries print it (test resources mtx-status/). */
class MtxStatusTest {

    private static MtxStatus parse(String name) throws IOException {
        try (InputStream in = MtxStatusTest.class.getResourceAsStream("/mtx-status/" + name)) {
            return MtxStatus.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anAutoloaderWithBarcodesAMailSlotAndACleaningCartridge() throws IOException {
        MtxStatus s = parse("lto9-24-slots-1-ie.txt");
        assertThat(s.drives()).containsExactly(new MtxStatus.Drive(0, true, 8, "042142L9"),
                new MtxStatus.Drive(1, true, 8, "HER002L9"));
        assertThat(s.slots()).hasSize(24);
        assertThat(s.slot(1)).contains(new MtxStatus.Slot(1, false, true, "HER006L9"));
        assertThat(s.slot(8)).contains(new MtxStatus.Slot(8, false, false, null));
        assertThat(s.slot(12).orElseThrow().cleaning()).isTrue();
        assertThat(s.slot(24)).contains(new MtxStatus.Slot(24, true, false, null));
        assertThat(s.firstEmpty(null).orElseThrow().number()).isEqualTo(8);
    }

    @Test
    void blankPaddedVolumeTagsAreTrimmed() throws IOException {
        MtxStatus s = parse("lto9-24-slots-padded.txt");
        assertThat(s.drive(0).orElseThrow()).isEqualTo(new MtxStatus.Drive(0, true, 24, "AAK787L9"));
        assertThat(s.slot(3).orElseThrow().barcode()).isEqualTo("AAK780L9");
        assertThat(s.firstEmpty(SlotRange.parse("5-30")).orElseThrow().number()).isEqualTo(24);
    }

    @Test
    void slotsNumberedFromZeroAndSeveralEmptyDrives() throws IOException {
        MtxStatus s = parse("lto3-52-slots-4-ie.txt");
        assertThat(s.drives()).hasSize(4);
        assertThat(s.drive(0).orElseThrow().source()).isZero();
        assertThat(s.drive(3).orElseThrow().full()).isFalse();
        assertThat(s.slot(0).orElseThrow().full()).isFalse();
        assertThat(s.slot(1).orElseThrow().barcode()).isEqualTo("HPS002L3");
    }

    @Test
    void aLargeLibraryListingOnlyOccupiedSlots() throws IOException {
        MtxStatus s = parse("ibm-3584-1840-slots.txt");
        assertThat(s.drive(1).orElseThrow()).isEqualTo(new MtxStatus.Drive(1, true, 6, "IBM015LA"));
        assertThat(s.slots()).extracting(MtxStatus.Slot::number).containsExactly(1, 6);
    }

    @Test
    void aVirtualLibraryWithAnEmptyMailSlot() throws IOException {
        MtxStatus s = parse("mhvtl-9-slots-ie-empty.txt");
        assertThat(s.drives()).allMatch(d -> !d.full());
        assertThat(s.slots()).filteredOn(MtxStatus.Slot::importExport).singleElement()
                .extracting(MtxStatus.Slot::number).isEqualTo(9);
        assertThat(s.firstEmpty(null).orElseThrow().number()).isEqualTo(6);
    }

    @Test
    void noBarcodeReaderAndADriveLoadedFromAnUnknownSlot() throws IOException {
        MtxStatus s = parse("no-barcodes.txt");
        assertThat(s.drive(0).orElseThrow()).isEqualTo(new MtxStatus.Drive(0, true, null, null));
        assertThat(s.slot(1)).contains(new MtxStatus.Slot(1, false, true, null));
        assertThat(s.slots()).filteredOn(MtxStatus.Slot::full).hasSize(3);
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> MtxStatus.parse("mtx: No such file or directory\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not mtx status output");
    }

    @Test
    void slotRanges() {
        assertThat(SlotRange.parse("1-3, 7,9-10").slots()).containsExactly(1, 2, 3, 7, 9, 10);
        assertThatThrownBy(() -> SlotRange.parse("4-2")).hasMessageContaining("'4-2' is not a slot number");
    }
}
