package io.shadowcat.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    @Test
    void parsesTermsPhrasesAndEveryFilter() {
        SearchQuery q = SearchQuery.parse("weather \"tool call failed\" method:tools/call tool:get_forecast "
                + "tag:prod tag:eu session:abc status:FINALIZED after:2026-01-01 before:2026-02-01T12:00:00Z");
        assertThat(q.terms()).containsExactly("weather");
        assertThat(q.phrases()).containsExactly("tool call failed");
        assertThat(q.method()).isEqualTo("tools/call");
        assertThat(q.tool()).isEqualTo("get_forecast");
        assertThat(q.tags()).containsExactlyInAnyOrder("prod", "eu");
        assertThat(q.session()).isEqualTo("abc");
        assertThat(q.status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(q.after()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(q.before()).isEqualTo(Instant.parse("2026-02-01T12:00:00Z"));
        assertThat(q.hasText()).isTrue();
    }

    @Test
    void emptyQueryMatchesEverything() {
        SearchQuery q = SearchQuery.parse("   ");
        assertThat(q.hasText()).isFalse();
        assertThat(q.tags()).isEmpty();
        assertThat(q.limit()).isEqualTo(TapeQuery.DEFAULT_LIMIT);
    }

    @Test
    void urlsAndUppercasePrefixesAreText() {
        assertThat(SearchQuery.parse("http://example.com Foo:bar").terms())
                .containsExactly("http://example.com", "Foo:bar");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> SearchQuery.parse("methd:x")).hasMessageContaining("unknown search filter 'methd:'");
        assertThatThrownBy(() -> SearchQuery.parse("\"open")).hasMessageContaining("unterminated quote");
        assertThatThrownBy(() -> SearchQuery.parse("after:yesterday")).hasMessageContaining("bad date for 'after:'");
        assertThatThrownBy(() -> SearchQuery.parse("status:done")).hasMessageContaining("unknown tape status 'done'");
        assertThatThrownBy(() -> SearchQuery.parse("tag:")).hasMessageContaining("empty value for filter 'tag:'");
    }
}
