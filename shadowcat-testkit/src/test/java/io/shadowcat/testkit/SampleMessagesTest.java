package io.shadowcat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleMessagesTest {

    @Test
    void sameSeedSameMessages() {
        assertThat(new SampleMessages(42).next(200)).isEqualTo(new SampleMessages(42).next(200));
        assertThat(new SampleMessages(42).next(200)).isNotEqualTo(new SampleMessages(43).next(200));
    }

    @Test
    void everyMessageIsJsonRpc2WithBothIdTypes() {
        List<JsonNode> messages = new SampleMessages(7).next(500);
        assertThat(messages).allSatisfy(m -> assertThat(m.path("jsonrpc").asText()).isEqualTo("2.0"));
        assertThat(messages).anySatisfy(m -> assertThat(m.path("id").isTextual()).isTrue());
        assertThat(messages).anySatisfy(m -> assertThat(m.path("id").isIntegralNumber()).isTrue());
        assertThat(messages).anySatisfy(m -> assertThat(m.has("id")).isFalse());
    }
}
