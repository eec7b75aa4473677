package io.ectar.cli;

import picocli.CommandLine.Option;

/** The options of {@code ectar create} that only matter when writing to tape. */
final class TapeWriteOptions {

    @Option(names = "--block-size", paramLabel = "SIZE", converter = ByteSizeConverter.class, defaultValue = "256KiB",
            description = "Tape record size with --tape-devices, 512 bytes to 8MiB (default: ${DEFAULT-VALUE}).")
    long blockSize;

    @Option(names = "--verify", description = "With --tape-devices: after writing, read every tape back and check"
            + " every shard against the index.")
    boolean verify;
}
