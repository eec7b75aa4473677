package io.shadowcat.tape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameFlagsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}|false|false|true",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}|false|true|false",
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}|false|false|false",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-1,\"message\":\"x\"}}|true|false|false",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"content\":[],\"isError\":true}}|true|false|false",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"content\":[],\"isError\":false}}|false|false|false",
        "[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}]|false|false|true",
        "\"not an object\"|false|false|false"})
    void classifiesMessages(String json, boolean error, boolean notification, boolean requiresResponse)
            throws Exception {
        assertThat(FrameFlags.of(JSON.readTree(json)))
                .isEqualTo(new FrameFlags(error, notification, requiresResponse));
    }
}
