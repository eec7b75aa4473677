/**
 * Tape devices: the seam {@link io.ectar.tape.device.TapeDevice} (records, filemarks, spacing, positions,
 * status, early warning) and its implementations, {@link io.ectar.tape.device.LinuxTapeDevice} (the Linux
 * {@code st} driver through JNA ioctls) and {@link io.ectar.tape.device.SimhTapeImage} (a SIMH {@code .tap}
 * file that can emulate a drive's capacity, early warning and speed); the tests' {@code MockTapeDevice} (in
 * memory, with fault injection) lives in test sources. {@link io.ectar.tape.device.TapeDevices} opens one
 * from a command-line argument. A device's errors are {@link io.ectar.tape.device.TapeException} and its
 * subclasses.
 *
 * <p>To add a kind of device: implement {@code TapeDevice} here and make {@code TapeDevices.open} recognize
 * its argument.
 */
package io.ectar.tape.device;
