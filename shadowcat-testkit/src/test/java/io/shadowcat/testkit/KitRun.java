package io.shadowcat.testkit;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs kit subclasses in a launcher of its own, for the kit's tests of itself. */
final class KitRun {

    private KitRun() {
    }

    /** Runs the selection; the failures of containers and tests, as text. */
    static List<String> failures(DiscoverySelector... selectors) {
        List<String> failures = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                            failures.add(id.getDisplayName() + ": " + result.getThrowable().map(String::valueOf)
                                    .orElse("?"));
                        }
                    }
                });
        return failures;
    }
}
