package io.ectar.tape.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the ioctl codes and structure layouts against {@code <sys/mtio.h>} as gcc compiles it. */
class MtioLayoutTest {

    private static final String PROGRAM = """
            #include <stdio.h>
            #include <stddef.h>
            #include <sys/mtio.h>
            #define P(name, value) printf("%s %lu\\n", name, (unsigned long) (value))
            int main(void) {
                P("MTIOCTOP", MTIOCTOP); P("MTIOCGET", MTIOCGET); P("MTIOCPOS", MTIOCPOS);
                P("MTFSF", MTFSF); P("MTBSF", MTBSF); P("MTWEOF", MTWEOF); P("MTREW", MTREW);
                P("MTNOP", MTNOP); P("MTEOM", MTEOM); P("MTSETBLK", MTSETBLK);
                P("GMT_EOF", GMT_EOF(~0UL)); P("GMT_BOT", GMT_BOT(~0UL)); P("GMT_EOT", GMT_EOT(~0UL));
                P("GMT_EOD", GMT_EOD(~0UL)); P("GMT_WR_PROT", GMT_WR_PROT(~0UL));
                P("GMT_ONLINE", GMT_ONLINE(~0UL));
                P("sizeof mtop", sizeof(struct mtop));
                P("mtop.mt_op", offsetof(struct mtop, mt_op));
                P("mtop.mt_count", offsetof(struct mtop, mt_count));
                P("sizeof mtget", sizeof(struct mtget));
                P("mtget.mt_type", offsetof(struct mtget, mt_type));
                P("mtget.mt_resid", offsetof(struct mtget, mt_resid));
                P("mtget.mt_dsreg", offsetof(struct mtget, mt_dsreg));
                P("mtget.mt_gstat", offsetof(struct mtget, mt_gstat));
                P("mtget.mt_erreg", offsetof(struct mtget, mt_erreg));
                P("mtget.mt_fileno", offsetof(struct mtget, mt_fileno));
                P("mtget.mt_blkno", offsetof(struct mtget, mt_blkno));
                P("sizeof mtpos", sizeof(struct mtpos));
                P("mtpos.mt_blkno", offsetof(struct mtpos, mt_blkno));
                return 0;
            }
            """;

    private static Map<String, Long> c;

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws IOException, InterruptedException {
        Path source = Files.writeString(dir.resolve("mtio.c"), PROGRAM);
        Path binary = dir.resolve("mtio");
        run(dir, "gcc", "-o", binary.toString(), source.toString());
        c = new HashMap<>();
        for (String line : run(dir, binary.toString()).split("\n")) {
            int space = line.lastIndexOf(' ');
            c.put(line.substring(0, space), Long.parseUnsignedLong(line.substring(space + 1)));
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }

    @Test
    void requestCodesMatchTheHeader() {
        assertThat(Mtio.MTIOCTOP).isEqualTo(c.get("MTIOCTOP"));
        assertThat(Mtio.MTIOCGET).isEqualTo(c.get("MTIOCGET"));
        assertThat(Mtio.MTIOCPOS).isEqualTo(c.get("MTIOCPOS"));
    }

    @Test
    void operationCodesAndStatusBitsMatchTheHeader() {
        assertThat((long) Mtio.MTFSF).isEqualTo(c.get("MTFSF"));
        assertThat((long) Mtio.MTBSF).isEqualTo(c.get("MTBSF"));
        assertThat((long) Mtio.MTWEOF).isEqualTo(c.get("MTWEOF"));
        assertThat((long) Mtio.MTREW).isEqualTo(c.get("MTREW"));
        assertThat((long) Mtio.MTNOP).isEqualTo(c.get("MTNOP"));
        assertThat((long) Mtio.MTEOM).isEqualTo(c.get("MTEOM"));
        assertThat((long) Mtio.MTSETBLK).isEqualTo(c.get("MTSETBLK"));
        assertThat(Mtio.GMT_EOF).isEqualTo(c.get("GMT_EOF"));
        assertThat(Mtio.GMT_BOT).isEqualTo(c.get("GMT_BOT"));
        assertThat(Mtio.GMT_EOT).isEqualTo(c.get("GMT_EOT"));
        assertThat(Mtio.GMT_EOD).isEqualTo(c.get("GMT_EOD"));
        assertThat(Mtio.GMT_WR_PROT).isEqualTo(c.get("GMT_WR_PROT"));
        assertThat(Mtio.GMT_ONLINE).isEqualTo(c.get("GMT_ONLINE"));
    }

    @Test
    void structureLayoutsMatchTheHeader() {
        Mtio.MtOp op = new Mtio.MtOp();
        assertThat((long) op.size()).isEqualTo(c.get("sizeof mtop"));
        assertThat((long) op.offsetOf("mt_op")).isEqualTo(c.get("mtop.mt_op"));
        assertThat((long) op.offsetOf("mt_count")).isEqualTo(c.get("mtop.mt_count"));

        Mtio.MtGet get = new Mtio.MtGet();
        assertThat((long) get.size()).isEqualTo(c.get("sizeof mtget"));
        for (String field : new String[] {"mt_type", "mt_resid", "mt_dsreg", "mt_gstat", "mt_erreg",
                "mt_fileno", "mt_blkno"}) {
            assertThat((long) get.offsetOf(field)).as(field).isEqualTo(c.get("mtget." + field));
        }

        Mtio.MtPos pos = new Mtio.MtPos();
        assertThat((long) pos.size()).isEqualTo(c.get("sizeof mtpos"));
        assertThat((long) pos.offsetOf("mt_blkno")).isEqualTo(c.get("mtpos.mt_blkno"));
    }

    @Test
    void otherArchitecturesPackDirectionBitsTheirOwnWay() {
        // Values from the kernel's asm/ioctl.h of each family, for an 8-byte struct mtop.
        assertThat(Mtio.IocEncoding.forArch("amd64").write('m', 1, 8)).isEqualTo(0x40086d01L);
        assertThat(Mtio.IocEncoding.forArch("aarch64").read('m', 3, 8)).isEqualTo(0x80086d03L);
        assertThat(Mtio.IocEncoding.forArch("ppc64le").write('m', 1, 8)).isEqualTo(0x80086d01L);
        assertThat(Mtio.IocEncoding.forArch("ppc64le").read('m', 3, 8)).isEqualTo(0x40086d03L);
        assertThat(Mtio.IocEncoding.forArch("mips64el")).isEqualTo(Mtio.IocEncoding.POWERPC_MIPS_SPARC);
    }
}
