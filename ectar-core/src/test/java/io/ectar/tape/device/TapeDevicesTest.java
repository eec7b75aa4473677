package io.ectar.tape.device;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device named twice is refused by the device package itself, with a device-level exception. */
class TapeDevicesTest {

    @TempDir
    Path tmp;

    @Test
    void aDeviceGivenTwiceIsRefusedNamingIt() {
        String a = tmp.resolve("a.tap").toString();
        assertThatThrownBy(() -> TapeDevices.requireDistinct(List.of(a, tmp.resolve("b.tap").toString(), a)))
                .isInstanceOf(DeviceGivenTwiceException.class)
                .hasMessage(a + " is given twice; give each tape once");
    }

    @Test
    void theSameFileUnderTwoNamesIsRefusedNamingBoth() throws Exception {
        Path real = Files.createFile(tmp.resolve("a.tap"));
        Path link = Files.createSymbolicLink(tmp.resolve("link.tap"), real);
        assertThatThrownBy(() -> TapeDevices.requireDistinct(List.of(real.toString(), link.toString())))
                .isInstanceOf(DeviceGivenTwiceException.class)
                .hasMessage(real + " and " + link + " are the same tape, given twice; give each tape once");
    }

    @Test
    void distinctDevicesPass() {
        assertThatCode(() -> TapeDevices.requireDistinct(List.of(tmp.resolve("a.tap").toString(),
                tmp.resolve("b.tap").toString()))).doesNotThrowAnyException();
    }
}
