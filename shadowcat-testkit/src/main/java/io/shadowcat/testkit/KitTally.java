package io.shadowcat.testkit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Fails a provider's test class loudly when none of the kit's tests ran in it but some were skipped: an
 * assumption in {@code createBackend} (a database or server not there), a condition or a disabled override
 * would otherwise leave a green build that checked nothing. Registered on {@link TapeStorageConformance}, so
 * subclasses get it without writing anything.
 *
 * <p>Only kit tests count (methods declared in this package, including the mixins' defaults), so running one
 * of a subclass's own tests alone still passes. What it cannot see is a class JUnit never ran: tests filtered
 * away, or a build whose test runner does not know the JUnit Platform (surefire before 2.22.0, Maven 3.8's
 * default, reports "Tests run: 0" and succeeds). No code of the kit runs then; pin surefire 3.x and check the
 * count, as the {@link TapeStorageConformance} Javadoc says.
 */
final class KitTally implements TestWatcher, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KitTally.class);

    /** What happened to the kit's tests of one test class; updated from any test thread. */
    private static final class Tally {
        final AtomicInteger ran = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicReference<String> firstReason = new AtomicReference<>();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        ran(context);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        ran(context);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        skipped(context, cause == null ? null : cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        skipped(context, reason.orElse(null));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Tally t = tally(context);
        if (t.ran.get() == 0 && t.skipped.get() > 0) {
            throw new AssertionError("0 conformance kit tests ran in " + context.getRequiredTestClass().getName()
                    + ": all " + t.skipped.get() + " that were selected were skipped (first: "
                    + Optional.ofNullable(t.firstReason.get()).orElse("no reason given") + "). A provider that "
                    + "passes no kit test is not shown conformant: make its backend available to the tests "
                    + "(see createBackend) instead of skipping them");
        }
    }

    private static void ran(ExtensionContext context) {
        if (isKitTest(context)) {
            tally(context).ran.incrementAndGet();
        }
    }

    private static void skipped(ExtensionContext context, String reason) {
        if (isKitTest(context)) {
            Tally t = tally(context);
            t.skipped.incrementAndGet();
            t.firstReason.compareAndSet(null, reason);
        }
    }

    private static boolean isKitTest(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> m.getDeclaringClass().getPackageName().equals(KitTally.class.getPackageName()))
                .orElse(false);
    }

    // one tally per test class, kept where every test of the class (and its parameterized invocations) finds it
    private static Tally tally(ExtensionContext context) {
        return context.getRoot().getStore(NS)
                .getOrComputeIfAbsent(context.getRequiredTestClass(), k -> new Tally(), Tally.class);
    }
}
