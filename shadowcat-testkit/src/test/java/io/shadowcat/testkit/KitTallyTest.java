package io.shadowcat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

/** The kit fails a provider's test class in which every selected kit test was skipped, and only then. */
class KitTallyTest {

    /** A provider whose backend is never available: every kit test aborts in {@code createBackend}. */
    static class NeverAvailable extends TapeStorageConformance {
        @Override
        public TapeStorageBackend createBackend(Path dir) {
            throw new TestAbortedException("no test server here");
        }
    }

    /** A working provider with a test of its own. */
    static class Available extends TapeStorageConformance {
        private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

        @Override
        public TapeStorageBackend createBackend(Path dir) {
            return REGISTRY.create("memory", StorageSettings.of("memory", Map.of()));
        }

        @Override
        protected boolean persistsAcrossReopen() {
            return false;
        }

        @Test
        void ownTest() {
            assertThat(storage).isNotNull();
        }
    }

    @Test
    void aClassWhoseKitTestsWereAllSkippedFails() {
        List<String> failures = KitRun.failures(selectMethod(NeverAvailable.class, "saveReplacesATapeWholly"),
                selectMethod(NeverAvailable.class, "saveAllSavesEveryTape"));
        assertThat(failures).singleElement().asString()
                .contains("0 conformance kit tests ran in " + NeverAvailable.class.getName())
                .contains("all 2 that were selected were skipped (first: no test server here)");
    }

    @Test
    void aClassWhereAKitTestRanPasses() {
        assertThat(KitRun.failures(selectMethod(Available.class, "saveReplacesATapeWholly"))).isEmpty();
    }

    @Test
    void runningOnlyAProvidersOwnTestPasses() {
        assertThat(KitRun.failures(selectMethod(Available.class, "ownTest"))).isEmpty();
    }

    @Test
    void theWholeKitSkippedFailsTheClassOnce() {
        List<String> failures = KitRun.failures(selectClass(NeverAvailable.class));
        assertThat(failures).singleElement().asString().contains("0 conformance kit tests ran");
    }
}
