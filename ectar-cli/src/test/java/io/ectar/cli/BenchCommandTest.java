package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void jsonListsEveryEngineWithThroughput() throws Exception {
        CliRun run = CliRun.of("bench", "--data-shards", "3", "--parity-shards", "2", "--size", "64K", "--format", "json",
                "--min-seconds", "0.1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertThat(results.isArray()).isTrue();
        List<String> engines = new ArrayList<>();
        for (JsonNode r : results) {
            engines.add(r.get("engine").asText());
            assertThat(r.get("buffers").asText()).isEqualTo("direct");
            assertThat(r.get("data_shards").asInt()).isEqualTo(3);
            assertThat(r.get("parity_shards").asInt()).isEqualTo(2);
            assertThat(r.get("size_bytes").asLong()).isEqualTo(65536);
            assertThat(r.get("encode_mb_per_s").asDouble()).isPositive();
            assertThat(r.get("decode_mb_per_s").asDouble()).isPositive();
            assertThat(r.get("encode_mb_per_cpu_s").asDouble()).isPositive();
            assertThat(r.get("decode_mb_per_cpu_s").asDouble()).isPositive();
        }
        // libisal2 is installed wherever the tests run (README, .ci/run)
        assertThat(engines).containsExactly("java", "isal");
    }

    @Test
    void textIsATableForTheChosenEngine() {
        CliRun run = CliRun.of("bench", "--engine", "isal", "--size", "100000", "--threads", "1", "--min-seconds", "0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().split("\\R");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("engine").contains("encode MB/s", "decode MB/s", "encode MB/cpu-s");
        assertThat(lines[1]).matches("isal\\s+direct\\s+10\\+4\\s+100000 B\\s+1(\\s+\\d+\\.\\d){4}");
        assertThat(run.err()).matches("ectar bench: load average \\d+\\.\\d\\d on \\d+ processors\\R");
    }

    @Test
    void everyBufferKindCodesOnEveryEngine() throws Exception {
        for (String kind : List.of("direct", "heap", "arrays")) {
            CliRun run = CliRun.of("bench", "--buffers", kind, "--data-shards", "4", "--parity-shards", "3", "--size",
                    "50001", "--format", "json", "--min-seconds", "0");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode results = new ObjectMapper().readTree(run.out());
            assertThat(results).hasSize(2);
            for (JsonNode r : results) {
                assertThat(r.get("buffers").asText()).isEqualTo(kind);
                assertThat(r.get("decode_mb_per_s").asDouble()).isPositive();
            }
        }
        assertThat(CliRun.of("bench", "--buffers", "mapped")).returns(2, CliRun::exitCode)
                .extracting(CliRun::err).asString().contains("--buffers", "mapped");
    }

    @Test
    void badSizeIsAUsageErrorThatExplainsTheSyntax() {
        CliRun run = CliRun.of("bench", "--size", "1.5G");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--size': invalid size '1.5G': use a whole"
                + " number of bytes, optionally followed by K, KB, KiB");
    }

    @Test
    void outOfRangeParametersAreUsageErrors() {
        assertThat(CliRun.of("bench", "--data-shards", "200", "--parity-shards", "57"))
                .returns(2, CliRun::exitCode)
                .extracting(CliRun::err).asString().contains("together at most 256; got 200 and 57");
        assertThat(CliRun.of("bench", "--size", "2G")).returns(2, CliRun::exitCode)
                .extracting(CliRun::err).asString().contains("--size must be between 1 byte and 1GiB, got 2 GiB");
        assertThat(CliRun.of("bench", "--min-seconds", "-1")).returns(2, CliRun::exitCode)
                .extracting(CliRun::err).asString().contains("--min-seconds must be between 0 and 3600, got -1.0");
        assertThat(CliRun.of("bench", "--engine", "fast")).returns(2, CliRun::exitCode)
                .extracting(CliRun::err).asString().contains("--engine", "fast");
    }
}
