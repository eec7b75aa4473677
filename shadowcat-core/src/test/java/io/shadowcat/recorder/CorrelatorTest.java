package io.shadowcat.recorder;

import static io.shadowcat.tape.Direction.CLIENT_TO_SERVER;
import static io.shadowcat.tape.Direction.SERVER_TO_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.CorrelationStatus;
import org.junit.jupiter.api.Test;

class CorrelatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Correlator correlator = new Correlator();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void pairsARequestWithItsResponseAndTimesTheRoundTrip() throws Exception {
        Correlator.Result request = correlator.observe(CLIENT_TO_SERVER, json("{\"id\":1,\"method\":\"m\"}"), 0, 5, 1_000_000);
        Correlator.Result response = correlator.observe(SERVER_TO_CLIENT, json("{\"id\":1,\"result\":{}}"), 1, 9, 5_500_000);

        assertThat(request.correlationId()).isNotNull();
        assertThat(request.completed()).isEmpty();
        assertThat(response.correlationId()).isEqualTo(request.correlationId());
        assertThat(response.completed()).containsExactly(
                new Correlation(request.correlationId(), 0, 1, 5, 9, 4, CorrelationStatus.SUCCESS));
        assertThat(correlator.unanswered()).isZero();
    }

    @Test
    void idsOfDifferentTypesOrDirectionsDoNotPair() throws Exception {
        correlator.observe(CLIENT_TO_SERVER, json("{\"id\":1,\"method\":\"m\"}"), 0, 0, 0);
        correlator.observe(SERVER_TO_CLIENT, json("{\"id\":1,\"method\":\"roots/list\"}"), 1, 0, 0);

        // "1" is not 1
        assertThat(correlator.observe(SERVER_TO_CLIENT, json("{\"id\":\"1\",\"result\":{}}"), 2, 0, 0).completed()).isEmpty();
        // the client's answer pairs with the server's request, not with its own
        Correlation roots = correlator.observe(CLIENT_TO_SERVER, json("{\"id\":1,\"result\":{}}"), 3, 0, 0).completed().get(0);
        assertThat(roots.requestSeq()).isEqualTo(1);
        Correlation first = correlator.observe(SERVER_TO_CLIENT, json("{\"id\":1,\"error\":{\"code\":1}}"), 4, 0, 0).completed().get(0);
        assertThat(first.requestSeq()).isZero();
        assertThat(first.status()).isEqualTo(CorrelationStatus.ERROR);
        assertThat(first.id()).isNotEqualTo(roots.id());
    }

    @Test
    void batchesPairElementByElement() throws Exception {
        Correlator.Result batch = correlator.observe(CLIENT_TO_SERVER,
                json("[{\"id\":1,\"method\":\"a\"},{\"method\":\"note\"},{\"id\":2,\"method\":\"b\"}]"), 0, 0, 0);
        Correlator.Result answers = correlator.observe(SERVER_TO_CLIENT,
                json("[{\"id\":2,\"result\":1},{\"id\":1,\"result\":2}]"), 1, 3, 3_000_000);

        assertThat(batch.correlationId()).isNull(); // several pairs: none is the frame's
        assertThat(answers.completed()).extracting(Correlation::requestSeq, Correlation::responseSeq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 1L), org.assertj.core.groups.Tuple.tuple(0L, 1L));
        assertThat(answers.completed()).extracting(Correlation::id).doesNotHaveDuplicates();
    }

    @Test
    void notificationsAndStrayResponsesAreNotPaired() throws Exception {
        assertThat(correlator.observe(CLIENT_TO_SERVER, json("{\"method\":\"n\"}"), 0, 0, 0)).isEqualTo(Correlator.Result.NONE);
        assertThat(correlator.observe(CLIENT_TO_SERVER, json("{\"id\":null,\"method\":\"n\"}"), 1, 0, 0)).isEqualTo(Correlator.Result.NONE);
        assertThat(correlator.observe(SERVER_TO_CLIENT, json("{\"id\":9,\"result\":{}}"), 2, 0, 0)).isEqualTo(Correlator.Result.NONE);
        assertThat(correlator.observe(SERVER_TO_CLIENT, json("\"text\""), 3, 0, 0)).isEqualTo(Correlator.Result.NONE);
        correlator.observe(CLIENT_TO_SERVER, json("{\"id\":5,\"method\":\"never answered\"}"), 4, 0, 0);
        assertThat(correlator.unanswered()).isOne();
    }
}
