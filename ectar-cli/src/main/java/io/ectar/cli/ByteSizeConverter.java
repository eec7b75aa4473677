package io.ectar.cli;

import picocli.CommandLine;

/**
 * Reads a size option ({@code --size 256MiB}, {@code --chunk-size 64M}) in {@link ByteSize} syntax into a
 * number of bytes. Use it as {@code @Option(names = "--size", converter = ByteSizeConverter.class) long size}.
 */
final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            return ByteSize.parse(value).bytes();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
