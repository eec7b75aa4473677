package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code record}'s HTTP options, mistaken: usage errors (exit code 2, one line) before anything starts. */
class RecordHttpOptionsTest {

    @TempDir
    Path cwd;

    private String usageError(String... args) {
        CliRunner cli = new CliRunner(cwd);
        assertThat(cli.run(args)).as("exit code, stderr: %s", cli.err()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err().lines().count()).as(cli.err()).isEqualTo(1);
        return cli.err();
    }

    @Test
    void anUpstreamAndACommandAtOnceAreRefused() {
        assertThat(usageError("record", "--upstream", "http://127.0.0.1:1/mcp", "--", "cat"))
                .contains("either --upstream URL or a server command");
    }

    @Test
    void listenAndReadyFileNeedAnUpstream() {
        assertThat(usageError("record", "--listen", "127.0.0.1:0", "--", "cat")).contains("need --upstream");
        assertThat(usageError("record", "--ready-file", "x", "--", "cat")).contains("need --upstream");
        assertThat(usageError("record", "--upstream-ca", "ca.pem", "--", "cat")).contains("need --upstream");
    }

    @Test
    void anUpstreamCaThatIsNoCertificateIsRefusedNamingTheFile() throws java.io.IOException {
        Path notPem = java.nio.file.Files.writeString(cwd.resolve("ca.pem"), "not a certificate\n");
        assertThat(usageError("record", "--upstream", "https://127.0.0.1:1/mcp", "--upstream-ca", notPem.toString()))
                .contains("--upstream-ca: ", notPem.toString(), "BEGIN CERTIFICATE");
        assertThat(usageError("record", "--upstream", "https://127.0.0.1:1/mcp", "--upstream-ca", "missing.pem"))
                .contains("--upstream-ca: ", "missing.pem", "cannot be read");
    }

    @Test
    void nothingToRecordIsRefused() {
        assertThat(usageError("record")).contains("no server to record");
    }

    @Test
    void aBadListenAddressOrUpstreamUrlIsRefusedWithoutEchoingSecrets() {
        assertThat(usageError("record", "--upstream", "http://127.0.0.1:1/mcp", "--listen", "nowhere"))
                .contains("HOST:PORT");
        assertThat(usageError("record", "--upstream", "http://127.0.0.1:1/mcp", "--listen", "127.0.0.1:70000"))
                .contains("0 to 65535");
        String err = usageError("record", "--upstream", "ftp://bob:hunter2@host/mcp");
        assertThat(err).contains("http:// or https://").doesNotContain("hunter2");
    }
}
