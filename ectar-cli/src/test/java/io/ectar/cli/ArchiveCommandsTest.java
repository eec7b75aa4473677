package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCommandsTest {

    @TempDir
    Path tmp;

    private String out;
    private String err;
    private Path data;
    private String base;

    @BeforeEach
    void tree() throws Exception {
        data = Files.createDirectories(tmp.resolve("data/sub"));
        Files.writeString(data.resolve("a.txt"), "alpha\n");
        Files.writeString(data.resolve("b, \"quoted\".txt"), "beta\n");
        base = tmp.resolve("out/my.backup").toString();
        Files.createDirectories(tmp.resolve("out"));
    }

    private int run(String... args) {
        CliRun r = CliRun.of(args);
        out = r.out();
        err = r.err();
        return r.exitCode();
    }

    private int create(String... extra) {
        String[] args = new String[extra.length + 9];
        String[] fixed = {"create", "-o", base, "--data-shards", "3", "--parity-shards", "2", "--chunk-size", "64K"};
        System.arraycopy(fixed, 0, args, 0, fixed.length);
        System.arraycopy(extra, 0, args, fixed.length, extra.length);
        return run(args);
    }

    /** {@code info --format=json} names every field, with null for what only an index knows. */
    @Test
    void infoJsonGivesTheIndexFactsOrNullWithoutAnIndex() throws Exception {
        assertThat(create(data.getParent().toString())).as(err).isZero();
        assertThat(run("info", "--format=json", "-i", base)).as(err).isZero();
        com.fasterxml.jackson.databind.JsonNode indexed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        assertThat(indexed.get("entries").asLong()).isEqualTo(4); // data/, data/sub/, two files
        assertThat(indexed.get("files").asLong()).isEqualTo(2);
        assertThat(indexed.get("file_bytes").asLong()).isEqualTo(11);
        assertThat(indexed.get("tool").asText()).startsWith("ectar");
        assertThat(indexed.get("shards_present").asLong()).isEqualTo(indexed.get("shards_expected").asLong());
        String bare = tmp.resolve("out/bare").toString();
        assertThat(run("create", "--no-index", "-o", bare, data.getParent().toString())).as(err).isZero();
        run("info", "--format=json", "-i", bare);
        com.fasterxml.jackson.databind.JsonNode none = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        for (String field : new String[] {"tool", "created", "entries", "files", "file_bytes", "tar_bytes",
                "payload_bytes"}) {
            assertThat(none.has(field)).as(field).isTrue();
            assertThat(none.get(field).isNull()).as(field).isTrue();
        }
        assertThat(none.get("chunks").asLong()).isPositive();
    }

    /** Without an index, a chunk whose shards come from another archive of the same k+m is an error. */
    @Test
    void aChunkOfAnotherArchiveWithoutIndexFailsExtractAndVerify() throws Exception {
        Path big = Files.createDirectories(tmp.resolve("big/data"));
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 3; i++) {
            byte[] bytes = new byte[50_000];
            random.nextBytes(bytes);
            Files.write(big.resolve("f" + i), bytes);
        }
        assertThat(create("--no-index", big.toString())).as(err).isZero();
        String other = tmp.resolve("out/other").toString();
        assertThat(run("create", "-o", other, "--data-shards", "3", "--parity-shards", "2", "--chunk-size", "64K",
                "--no-index", big.toString())).as(err).isZero();
        for (int s = 0; s < 5; s++) {
            Files.copy(Path.of(other + ".c002.s0" + s), Path.of(base + ".c002.s0" + s),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(run("extract", "-i", base, "-o", tmp.resolve("x").toString())).isEqualTo(1);
        assertThat(err).contains("chunk 2 cannot be recovered").contains("another archive");
        assertThat(run("verify", "-i", base, "--full")).isEqualTo(1);
        assertThat(out + err).contains("another archive");
    }

    @Test
    void createThenExtractListVerifyInfo() throws Exception {
        assertThat(create(tmp.resolve("data").toString())).as(err).isZero();

        Path restored = tmp.resolve("restored");
        assertThat(run("extract", "-i", base + ".index.zst", "-o", restored.toString())).as(err).isZero();
        assertThat(restored.resolve("data/sub/a.txt")).hasContent("alpha");

        assertThat(run("list", "-i", base)).isZero();
        assertThat(out.lines()).containsExactly("data", "data/sub", "data/sub/a.txt",
                "data/sub/b, \"quoted\".txt");

        assertThat(run("list", "-i", base, "--format", "csv", "--files", "data/sub/b*")).isZero();
        assertThat(out).startsWith("path,type,size,mode,mtime,uid,gid,user,group,link_target,sha256\r\n")
                .contains("\"data/sub/b, \"\"quoted\"\".txt\",file,5,");

        assertThat(run("list", "-i", base, "--format", "json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json).hasSize(4);
        assertThat(json.get(2).get("path").asText()).isEqualTo("data/sub/a.txt");
        assertThat(json.get(2).get("sha256").asText()).hasSize(64);
        assertThat(json.get(2).get("mode").asText()).matches("0[0-7]{3}");

        Path report = tmp.resolve("report.json");
        assertThat(run("verify", "-i", base + ".c*.s*", "--full", "--report",
                report.toString())).as(out + "" + err).isZero();
        JsonNode r = new ObjectMapper().readTree(Files.readString(report, StandardCharsets.UTF_8));
        assertThat(r.get("status").asText()).isEqualTo("ok");
        assertThat(r.get("files_checked").asInt()).isEqualTo(2);

        assertThat(run("info", "-i", base, "--format", "json")).isZero();
        JsonNode info = new ObjectMapper().readTree(out);
        assertThat(info.get("parameters").get("data_shards").asInt()).isEqualTo(3);
        assertThat(info.get("parameters").get("archive_id").asText()).matches("[0-9a-f]{32}");
        assertThat(info.get("entries").asInt()).isEqualTo(4);
    }

    @Test
    void exitCodesTellDamageFromLoss() throws Exception {
        Files.writeString(data.resolve("new\nline"), "x");
        assertThat(create("--exclude", "a.txt", tmp.resolve("data").toString())).as(err).isZero();
        assertThat(run("list", "-i", base, "--long")).isZero();
        assertThat(out.lines()).hasSize(4).anyMatch(l -> l.endsWith(" data/sub/new\\nline"))
                .noneMatch(l -> l.contains("a.txt")).allMatch(l -> l.matches("[-dlh][-rwx]{9} .*"));

        Files.delete(Path.of(base + ".c001.s04"));
        assertThat(run("verify", "-i", base, "--quick")).isEqualTo(ExitStatus.DAMAGED.code());
        assertThat(out).contains("chunk 1 (recoverable): missing shard 4").contains("DAMAGED");
        // A shard is missing: damage found, everything recovered.
        assertThat(run("extract", "-i", base, "-o", tmp.resolve("r1").toString())).as(err)
                .isEqualTo(ExitStatus.DAMAGED.code());
        // Extracting again over the same files refuses them (exit 1) instead of overwriting.
        assertThat(run("extract", "-i", base, "-o", tmp.resolve("r1").toString())).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(err).contains("refused");

        Files.delete(Path.of(base + ".c001.s00"));
        Files.delete(Path.of(base + ".c001.s01"));
        assertThat(run("verify", "-i", base)).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(out).contains("chunk 1 (LOST)").contains("UNRECOVERABLE");
        assertThat(run("extract", "-i", base, "-o", tmp.resolve("r2").toString())).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(err.strip()).startsWith("ectar extract: chunk 1 cannot be recovered").contains("--partial");
        assertThat(run("extract", "-i", base, "-o", tmp.resolve("r3").toString(), "--partial"))
                .isEqualTo(ExitStatus.DAMAGED.code());
    }

    @Test
    void refusesToOverwriteAnArchiveWithoutForce() {
        assertThat(create(tmp.resolve("data").toString())).isZero();
        assertThat(create(tmp.resolve("data").toString())).isEqualTo(1);
        assertThat(err.strip()).startsWith("ectar create: archive 'my.backup' already exists")
                .contains("--force").doesNotContain("\n").doesNotContain("at io.ectar");
        assertThat(create("--force", tmp.resolve("data").toString())).isZero();
    }

    @Test
    void badParametersAreUsageErrors() {
        assertThat(run("create", "-o", base, "--data-shards", "3", "--chunk-size", "8K", "x")).isEqualTo(2);
        assertThat(err).contains("below 3 data shards x 4096");
        assertThat(run("create", "-o", base, "--data-shards", "200", "--parity-shards", "57", "x")).isEqualTo(2);
        assertThat(run("create", "-o", base, "--compression-level", "5", "--no-compression", "x")).isEqualTo(2);
        assertThat(run("create", "-o", base, "--chunk-size", "12 parsecs", "x")).isEqualTo(2);
    }

    @Test
    void missingArchiveIsOneLineError() {
        assertThat(run("extract", "-i", tmp.resolve("nope").toString(), "-o", tmp.toString())).isEqualTo(1);
        assertThat(err.strip()).startsWith("ectar extract: no archive").doesNotContain("\n");
        assertThat(run("--verbose", "list", "-i", tmp.resolve("nope").toString())).isEqualTo(1);
        assertThat(err).contains("ArchiveNotFoundException").contains("\tat ");
    }
}
