package io.shadowcat.tape.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shadowcat.tape.TapeJson;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    private static final String RESPONSE = "{\"jsonrpc\":\"2.0\", \"id\" : \"a\\u00e9\",\"result\":{\"n\":1e2,"
            + "\"id\":\"inner\",\"s\":\"\\/\uD83D\uDE00\"}}";

    @Test
    void onlyTheChangedValueIsWrittenAnew() {
        assertThat(JsonText.withValue(RESPONSE, IntNode.valueOf(7), "id")).isEqualTo("{\"jsonrpc\":\"2.0\", \"id\" : 7,"
                + "\"result\":{\"n\":1e2,\"id\":\"inner\",\"s\":\"\\/\uD83D\uDE00\"}}");
        assertThat(JsonText.withValue(RESPONSE, TextNode.valueOf("x"), "result", "id")).isEqualTo("{\"jsonrpc\":\"2.0\","
                + " \"id\" : \"a\\u00e9\",\"result\":{\"n\":1e2,\"id\":\"x\",\"s\":\"\\/\uD83D\uDE00\"}}");
        assertThat(JsonText.withValue(RESPONSE, IntNode.valueOf(1), "result", "n"))
                .isEqualTo(RESPONSE.replace("1e2", "1"));
        assertThat(JsonText.withValue(RESPONSE, IntNode.valueOf(1), "params", "progressToken")).isNull();
        assertThat(JsonText.withValue(RESPONSE, IntNode.valueOf(1), "jsonrpc", "x")).as("not an object").isNull();
        assertThatThrownBy(() -> JsonText.withValue("{\"id\":", IntNode.valueOf(1), "id"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangedCopyChangesOnlyTheValuesThatDiffer() {
        String text = "{\"a\": 1e2, \"secret\" : {\"x\":[1, 2]},\"list\":[ \"\\u00e9\", {\"token\":7}, -0.0 ]}";
        com.fasterxml.jackson.databind.node.ObjectNode masked = (com.fasterxml.jackson.databind.node.ObjectNode)
                TapeJson.parse(text);
        masked.put("secret", "[REDACTED]");
        ((com.fasterxml.jackson.databind.node.ObjectNode) masked.get("list").get(1)).put("token", "[REDACTED]");
        assertThat(JsonText.withChanges(text, masked)).isEqualTo("{\"a\": 1e2, \"secret\" : \"[REDACTED]\","
                + "\"list\":[ \"\\u00e9\", {\"token\":\"[REDACTED]\"}, -0.0 ]}");
        assertThat(JsonText.withChanges(text, TapeJson.parse(text))).isEqualTo(text);
    }

    @Test
    void aBatchSplitsIntoItsElementsAsWritten() {
        assertThat(JsonText.elements("[ {\"id\":1e0} ,\"s\\/\",[1, 2],-0.0 ]"))
                .containsExactly("{\"id\":1e0}", "\"s\\/\"", "[1, 2]", "-0.0");
        assertThat(JsonText.elements("[]")).isEmpty();
        assertThatThrownBy(() -> JsonText.elements("{}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueIsFoundInTheBytesOfARecord() throws IOException {
        String line = "xx{\"type\":\"frame\",\"env\":{\"direction\":\"c\",\"message\":" + RESPONSE + ",\"t\":1}}yy";
        byte[] bytes = line.getBytes(UTF_8);
        assertThat(JsonText.valueText(bytes, 2, bytes.length - 4, "env", "message")).isEqualTo(RESPONSE);
        assertThat(JsonText.valueText(bytes, 2, bytes.length - 4, "env", "missing")).isNull();
        assertThat(TapeJson.parse(JsonText.valueText(bytes, 2, bytes.length - 4, "env", "message")))
                .isEqualTo(TapeJson.parse(RESPONSE));
    }

    @Test
    void trimRemovesOnlyJsonWhitespace() {
        assertThat(JsonText.trim(" \t{\"a\":1}\r\n")).isEqualTo("{\"a\":1}");
        assertThat(JsonText.trim("\u00a0{}")).isEqualTo("\u00a0{}");
        assertThat(JsonText.hasLineBreak("{\n}")).isTrue();
        assertThat(JsonText.hasLineBreak("{\"a\":\"\\n\"}")).isFalse();
    }
}
