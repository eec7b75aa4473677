/**
 * Ectar on tape: the RAIT (redundant array of inexpensive tapes) writer and reader that put shard i of
 * every chunk on drive i, so that any k of the k + m tapes restore the archive. The drives themselves are
 * behind {@link io.ectar.tape.device.TapeDevice}, in {@link io.ectar.tape.device}.
 *
 * <ul>
 *   <li>Layout ({@link io.ectar.tape.TapeSetLayout}): a {@link io.ectar.tape.TapeLabel} in file 0, one
 *       tape file per chunk, the trailer, and a {@link io.ectar.tape.TapeDirectory} last.</li>
 *   <li>Writing: {@link io.ectar.tape.RaitShardWriter} drives all tapes at once, one thread and queue each;
 *       {@link io.ectar.tape.TapeShardSink} plugs it into the archive pipeline.</li>
 *   <li>Reading: {@link io.ectar.tape.TapeShardReader} recognizes the tapes by their labels and reads
 *       them in parallel; {@link io.ectar.tape.TapeShardSource} plugs it into the archive readers.</li>
 * </ul>
 *
 * <p>The per-drive machinery (writer and reader threads, filemark reading, cutting a shard into records) is
 * in {@code io.ectar.tape.internal}, which is not API.
 */
package io.ectar.tape;
