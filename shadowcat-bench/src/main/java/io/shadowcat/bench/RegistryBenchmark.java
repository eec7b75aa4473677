package io.shadowcat.bench;

import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.StorageRegistry;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Looking a provider up by name in the registry (target: well under a microsecond), from 2 threads. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class RegistryBenchmark {

    private final StorageRegistry registry = StorageRegistry.isolated();

    @Benchmark
    public Optional<StorageProviderFactory> lookup() {
        return registry.factory("filesystem");
    }
}
