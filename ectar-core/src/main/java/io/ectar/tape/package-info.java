/**
 * Ectar on tape: tape devices and the RAIT (redundant array of inexpensive tapes) writer and reader
 * that put shard i of every chunk on drive i, so that any k of the k + m tapes restore the archive.
 *
 * <ul>
 *   <li>Devices, behind {@link io.ectar.tape.TapeDevice}: {@link io.ectar.tape.LinuxTapeDevice} (the
 *       Linux {@code st} driver through JNA ioctls) and {@link io.ectar.tape.SimhTapeImage} (a SIMH
 *       {@code .tap} file that can emulate a drive's capacity, early warning and speed); the tests'
 *       {@code MockTapeDevice} (in memory, with fault injection) lives in test sources.
 *       {@link io.ectar.tape.TapeDevices} opens one from a command-line argument.</li>
 *   <li>Layout ({@link io.ectar.tape.TapeSetLayout}): a {@link io.ectar.tape.TapeLabel} in file 0, one
 *       tape file per chunk, the trailer, and a {@link io.ectar.tape.TapeDirectory} last.</li>
 *   <li>Writing: {@link io.ectar.tape.TapeShardOutput} cuts one shard into records;
 *       {@link io.ectar.tape.RaitShardWriter} drives all tapes at once, one thread and queue each;
 *       {@link io.ectar.tape.TapeShardSink} plugs it into the archive pipeline.</li>
 *   <li>Reading: {@link io.ectar.tape.TapeShardReader} recognizes the tapes by their labels and reads
 *       them in parallel; {@link io.ectar.tape.TapeShardSource} plugs it into the archive readers.</li>
 * </ul>
 */
package io.ectar.tape;
