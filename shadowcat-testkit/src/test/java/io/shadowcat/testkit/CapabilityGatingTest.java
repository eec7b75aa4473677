package io.shadowcat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.UnsupportedCapabilityException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kit gates tests on what a provider declares: a provider without live recording and search skips
 * those tests and passes if it refuses them with {@link UnsupportedCapabilityException}; one that does not
 * declare them but does them anyway (silently) fails.
 */
class CapabilityGatingTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    /** The memory provider seen through a narrower declaration; {@code refuse} says whether it enforces it. */
    private static final class Narrowed implements TapeStorageBackend {
        private final TapeStorageBackend d = REGISTRY.create("memory", StorageSettings.of("memory", Map.of()));
        private final boolean refuse;

        Narrowed(boolean refuse) {
            this.refuse = refuse;
        }

        @Override public String providerName() { return "narrowed"; }
        @Override public void save(Tape tape) { d.save(tape); }
        @Override public Tape load(TapeId id) { return d.load(id); }
        @Override public Stream<Frame> streamFrames(TapeId id) { return d.streamFrames(id); }
        @Override public boolean delete(TapeId id) { return d.delete(id); }
        @Override public boolean exists(TapeId id) { return d.exists(id); }
        @Override public Page<TapeSummary> list(TapeQuery query) { return d.list(query); }
        @Override public StorageStats stats() { return d.stats(); }
        @Override public Set<ProviderCapability> capabilities() { return Set.of(ProviderCapability.CONDITIONAL_CREATE); }
        @Override public HealthStatus health() { return d.health(); }
        @Override public void close() { d.close(); }

        @Override
        public TapeWriter openWriter(TapeHeader header) {
            if (refuse) {
                throw new UnsupportedCapabilityException(providerName(), ProviderCapability.LIVE_APPEND, "recording");
            }
            return d.openWriter(header);
        }

        @Override
        public Page<SearchHit> search(SearchQuery query) {
            if (refuse) {
                throw new UnsupportedCapabilityException(providerName(), ProviderCapability.SUBSTRING_SEARCH,
                        "searching");
            }
            return d.search(query);
        }
    }

    static class Refusing extends TapeStorageConformance {
        @Override
        public TapeStorageBackend createBackend(Path dir) {
            return new Narrowed(true);
        }

        @Override
        protected boolean persistsAcrossReopen() {
            return false;
        }
    }

    static class Ignoring extends TapeStorageConformance {
        @Override
        public TapeStorageBackend createBackend(Path dir) {
            return new Narrowed(false);
        }

        @Override
        protected boolean persistsAcrossReopen() {
            return false;
        }
    }

    @Test
    void undeclaredCapabilitiesThatAreRefusedPassAndTheirTestsAreSkipped() {
        assertThat(KitRun.failures(selectMethod(Refusing.class, "whatIsNotDeclaredIsRefusedNotIgnored"),
                selectMethod(Refusing.class, "recordedTapesAreReadableWhileRecordingAndExactOnceFinished"),
                selectMethod(Refusing.class, "searchMatchesTextAndFiltersAndPages"))).isEmpty();
    }

    @Test
    void undeclaredCapabilitiesThatAreSilentlyServedFail() {
        List<String> failures = KitRun.failures(selectMethod(Ignoring.class, "whatIsNotDeclaredIsRefusedNotIgnored"));
        assertThat(failures).singleElement().asString()
                .contains("narrowed does not declare live_append: openWriter must refuse with UnsupportedCapabilityException");
    }
}
