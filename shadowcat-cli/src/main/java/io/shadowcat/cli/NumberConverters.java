package io.shadowcat.cli;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Number options parsed with messages in words ({@code expected a whole number, got 'abc'}) instead of
 * picocli's, which name the Java type ({@code 'abc' is not an int}).
 */
final class NumberConverters {

    private NumberConverters() {
    }

    /** Registers the converters with {@code cli} and every subcommand it has. */
    static void registerWith(CommandLine cli) {
        ITypeConverter<Integer> ints = NumberConverters::wholeInt;
        ITypeConverter<Long> longs = NumberConverters::whole;
        ITypeConverter<Double> doubles = NumberConverters::decimal;
        cli.registerConverter(Integer.class, ints).registerConverter(int.class, ints)
                .registerConverter(Long.class, longs).registerConverter(long.class, longs)
                .registerConverter(Double.class, doubles).registerConverter(double.class, doubles);
    }

    private static long whole(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a whole number, got '" + value + "'");
        }
    }

    private static int wholeInt(String value) {
        long v = whole(value);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new TypeConversionException("number out of range: " + value);
        }
        return (int) v;
    }

    private static double decimal(String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a number such as 2 or 0.5, got '" + value + "'");
        }
    }
}
