package io.shadowcat.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultKeysAreMaskedAtAnyDepthWhateverTheirSpellingOrType() throws Exception {
        JsonNode message = JSON.readTree("{\"params\":{\"Authorization\":\"Bearer x\",\"list\":[{\"apiKey\":7},"
                + "{\"API-KEY\":{\"nested\":true}}],\"password\":null,\"secret\":[1,2],\"token\":\"t\","
                + "\"progressToken\":5,\"tokens\":3,\"keep\":\"me\"}}");

        assertThat(Redactor.defaults().redact(message)).isTrue();

        JsonNode p = message.get("params");
        assertThat(p.get("Authorization").asText()).isEqualTo(Redactor.MASK);
        assertThat(p.at("/list/0/apiKey").asText()).isEqualTo(Redactor.MASK);
        assertThat(p.at("/list/1/API-KEY").asText()).isEqualTo(Redactor.MASK);
        assertThat(p.get("password").asText()).isEqualTo(Redactor.MASK);
        assertThat(p.get("secret").asText()).isEqualTo(Redactor.MASK);
        assertThat(p.get("token").asText()).isEqualTo(Redactor.MASK);
        // whole names only: a progress token or a token count are not secrets
        assertThat(p.get("progressToken").asInt()).isEqualTo(5);
        assertThat(p.get("tokens").asInt()).isEqualTo(3);
        assertThat(p.get("keep").asText()).isEqualTo("me");
    }

    @Test
    void nothingToMaskLeavesTheMessageAlone() throws Exception {
        JsonNode message = JSON.readTree("{\"a\":[1,{\"b\":\"c\"}],\"d\":\"[REDACTED]x\"}");
        JsonNode copy = message.deepCopy();

        assertThat(Redactor.defaults().redact(message)).isFalse();
        assertThat(message).isEqualTo(copy);
        assertThat(Redactor.none().redact(message)).isFalse();
    }

    @Test
    void customKeysReplaceNothingButWhatTheyName() throws Exception {
        JsonNode message = JSON.readTree("{\"session_cookie\":\"c\",\"password\":\"p\"}");
        Redactor redactor = Redactor.of(List.of("Session-Cookie"));

        redactor.redact(message);

        assertThat(message.get("session_cookie").asText()).isEqualTo(Redactor.MASK);
        assertThat(message.get("password").asText()).isEqualTo("p");
        assertThat(redactor.keys()).containsExactly("sessioncookie");
        assertThat(Redactor.isMask(message.get("session_cookie"))).isTrue();
        assertThat(Redactor.isMask(message.get("password"))).isFalse();
    }

    @Test
    void aKeyWithoutLettersIsRejected() {
        assertThatThrownBy(() -> Redactor.of(List.of("_-"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'_-'");
    }

    /*
     * Issue 14 fidelity item 5: a tools/list schema keeps its property definitions (masking them broke the
     * schema replay serves), the values sent under those names are masked, and OAuth-style names are masked
     * by default.
     */
    @Test
    void schemaPropertyDefinitionsAreKeptAndTheirValuesMasked() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        JsonNode list = json.readTree("{\"result\":{\"tools\":[{\"name\":\"login\",\"inputSchema\":{\"type\":\"object\","
                + "\"properties\":{\"api_key\":{\"type\":\"string\",\"default\":\"x\"},\"token\":{\"type\":\"string\"},"
                + "\"password\":{\"type\":\"object\",\"properties\":{\"secret\":{\"type\":\"string\"}}}},"
                + "\"required\":[\"api_key\"]}}]}}");
        String before = list.toString();
        assertThat(Redactor.defaults().redact(list)).isFalse();
        assertThat(list.toString()).isEqualTo(before);
        JsonNode call = json.readTree("{\"params\":{\"arguments\":{\"api_key\":\"k\",\"access_token\":\"a\","
                + "\"refresh_token\":\"r\",\"id_token\":\"i\",\"client_secret\":\"c\",\"properties\":{\"token\":\"t\"}}}}");
        assertThat(Redactor.defaults().redact(call)).isTrue();
        JsonNode args = call.path("params").path("arguments");
        for (String name : List.of("api_key", "access_token", "refresh_token", "id_token", "client_secret")) {
            assertThat(args.get(name).asText()).as(name).isEqualTo(Redactor.MASK);
        }
        assertThat(args.path("properties").get("token").asText()).as("'properties' outside a schema holds values")
                .isEqualTo(Redactor.MASK);
    }
}
