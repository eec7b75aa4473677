package io.ectar.cli;

import static io.ectar.cli.ExitStatus.DAMAGED;
import static io.ectar.cli.ExitStatus.FAILURE;
import static io.ectar.cli.ExitStatus.OK;
import static io.ectar.cli.ExitStatus.USAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.VerifyReport;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ExitStatusTest {

    /** Every pair, with the status the combination must end in (written out, not derived from the order). */
    static Stream<Arguments> everyPair() {
        return Stream.of(
                Arguments.of(OK, OK, OK),
                Arguments.of(OK, DAMAGED, DAMAGED),
                Arguments.of(OK, USAGE, USAGE),
                Arguments.of(OK, FAILURE, FAILURE),
                Arguments.of(DAMAGED, OK, DAMAGED),
                Arguments.of(DAMAGED, DAMAGED, DAMAGED),
                Arguments.of(DAMAGED, USAGE, USAGE),
                Arguments.of(DAMAGED, FAILURE, FAILURE), // the bug: Math.max(3, 1) said 3, "every byte recoverable"
                Arguments.of(USAGE, OK, USAGE),
                Arguments.of(USAGE, DAMAGED, USAGE),
                Arguments.of(USAGE, USAGE, USAGE),
                Arguments.of(USAGE, FAILURE, FAILURE),
                Arguments.of(FAILURE, OK, FAILURE),
                Arguments.of(FAILURE, DAMAGED, FAILURE),
                Arguments.of(FAILURE, USAGE, FAILURE),
                Arguments.of(FAILURE, FAILURE, FAILURE));
    }

    @ParameterizedTest(name = "{0} worst of {1} = {2}")
    @MethodSource("everyPair")
    void worstOfEveryPair(ExitStatus a, ExitStatus b, ExitStatus worst) {
        assertThat(a.worstOf(b)).isEqualTo(worst);
    }

    @Test
    void theTableCoversEveryPair() {
        int n = ExitStatus.values().length;
        assertThat(everyPair().map(a -> a.get()[0] + "," + a.get()[1]).distinct()).hasSize(n * n);
    }

    @ParameterizedTest
    @EnumSource(ExitStatus.class)
    void okIsTheIdentityAndEveryStatusIsItsOwnWorst(ExitStatus s) {
        assertThat(OK.worstOf(s)).isEqualTo(s);
        assertThat(s.worstOf(OK)).isEqualTo(s);
        assertThat(s.worstOf(s)).isEqualTo(s);
    }

    @Test
    void theExitCodesStayAsDocumented() {
        assertThat(OK.code()).isZero();
        assertThat(FAILURE.code()).isEqualTo(1);
        assertThat(USAGE.code()).isEqualTo(2);
        assertThat(DAMAGED.code()).isEqualTo(3);
    }

    @Test
    void aVerificationBecomesTheStatusItsReportSays() {
        assertThat(ExitStatus.of(VerifyReport.Status.OK)).isEqualTo(OK);
        assertThat(ExitStatus.of(VerifyReport.Status.DAMAGED)).isEqualTo(DAMAGED);
        assertThat(ExitStatus.of(VerifyReport.Status.UNRECOVERABLE)).isEqualTo(FAILURE);
    }
}
