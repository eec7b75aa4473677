package io.ectar.tape.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What can be checked of the st driver binding without a drive: it refuses everything that is not one. */
class LinuxTapeDeviceTest {

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsNotATapeDevice() throws IOException {
        Path file = Files.write(dir.resolve("not-a-tape"), new byte[100]);
        assertThatThrownBy(() -> LinuxTapeDevice.open(file))
                .isInstanceOf(NotATapeDeviceException.class)
                .hasMessageStartingWith("not a tape device: " + file);
        assertThat(Files.readAllBytes(file)).as("the file is left alone").hasSize(100);
    }

    @Test
    void devNullIsNotATapeDeviceBecauseTheIoctlIsRefused() {
        assertThatThrownBy(() -> LinuxTapeDevice.open(Path.of("/dev/null")))
                .isInstanceOf(NotATapeDeviceException.class)
                .hasMessageStartingWith("not a tape device: /dev/null");
    }

    @Test
    void aDirectoryIsNotATapeDevice() {
        assertThatThrownBy(() -> LinuxTapeDevice.open(dir))
                .isInstanceOf(NotATapeDeviceException.class)
                .hasMessageStartingWith("not a tape device: " + dir);
    }

    @Test
    void aRewindingDeviceIsRefusedWithTheNonRewindingName() {
        assertThatThrownBy(() -> LinuxTapeDevice.open(Path.of("/dev/st0")))
                .isInstanceOf(NotATapeDeviceException.class)
                .hasMessageContaining("/dev/st0 is a rewinding tape device")
                .hasMessageContaining("use /dev/nst0");
        assertThatThrownBy(() -> LinuxTapeDevice.open(Path.of("/dev/st1l")))
                .hasMessageContaining("use /dev/nst1l");
    }

    @Test
    void aMissingDeviceIsNamed() {
        assertThatThrownBy(() -> LinuxTapeDevice.open(Path.of("/dev/nst97")))
                .isInstanceOf(TapeException.class)
                .hasMessage("no such tape device: /dev/nst97");
    }

    @Test
    void deviceArgumentsChooseDriveOrImage() throws IOException {
        assertThat(TapeDevices.isImage("backup.TAP")).isTrue();
        assertThat(TapeDevices.isImage("/dev/nst0")).isFalse();
        assertThatThrownBy(() -> TapeDevices.open("/dev/null", SimhTapeImage.Options.UNLIMITED))
                .hasMessageStartingWith("not a tape device: /dev/null");
        assertThatThrownBy(() -> TapeDevices.open(dir.resolve("plain.bin").toString(), SimhTapeImage.Options.UNLIMITED))
                .isInstanceOf(NotATapeDeviceException.class)
                .hasMessageStartingWith("not a tape device: ");
        assertThatThrownBy(() -> TapeDevices.open(dir.resolve("no/such/dir/t.tap").toString(),
                SimhTapeImage.Options.UNLIMITED))
                .hasMessageContaining("does not exist");
        Path image = dir.resolve("new.tap");
        try (TapeDevice device = TapeDevices.open(image.toString(), SimhTapeImage.Options.UNLIMITED)) {
            assertThat(device).isInstanceOf(SimhTapeImage.class);
            assertThat(device.status().endOfData()).isTrue();
        }
        assertThat(image).exists();
    }
}
