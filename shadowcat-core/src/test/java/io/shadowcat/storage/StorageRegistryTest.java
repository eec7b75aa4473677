package io.shadowcat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.memory.MemoryStorageProvider;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.config.StorageSettings;

class StorageRegistryTest {

    /** A provider for tests: creates memory backends under another name; optionally blocks in create. */
    public static final class SlowProvider implements StorageProviderFactory {
        final String name;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;

        public SlowProvider() {
            this("plugin-test", null);
        }

        SlowProvider(String name, CountDownLatch release) {
            this.name = name;
            this.release = release;
        }

        @Override public String name() { return name; }
        @Override public String displayName() { return "Slow"; }
        @Override public String version() { return "9.9"; }
        @Override public String description() { return "test provider"; }
        @Override public Set<ProviderCapability> capabilities() {
            return EnumSet.of(ProviderCapability.REMOTE_STORAGE, ProviderCapability.ENCRYPTION);
        }
        @Override public ConfigSchema configSchema() {
            return ConfigSchema.of(ConfigField.withDefault("fail", ConfigField.Type.BOOLEAN, "fail in create", "false"));
        }
        @Override public TapeStorageBackend create(StorageSettings settings) {
            entered.countDown();
            if (release != null) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (settings.bool("fail", false)) {
                throw new IllegalStateException("server unreachable");
            }
            return new MemoryStorageProvider().create(StorageSettings.empty());
        }
    }

    @Test
    void builtInsAreDiscoveredThroughServiceLoader() {
        StorageRegistry r = StorageRegistry.isolated();
        assertThat(r.list()).extracting(ProviderInfo::name).contains("filesystem", "memory");
        assertThat(r.defaultProvider()).isEqualTo("filesystem");
        assertThat(r.info("filesystem").capabilities()).contains(ProviderCapability.LOCAL_STORAGE);
        assertThat(r.findByCapability(ProviderCapability.LOCAL_STORAGE, ProviderCapability.COMPRESSION))
                .extracting(ProviderInfo::name).containsExactly("filesystem");
    }

    @Test
    void registerRejectsDuplicatesAndBadNames() {
        StorageRegistry r = StorageRegistry.empty();
        r.register(new SlowProvider("x", null));
        assertThatThrownBy(() -> r.register(new SlowProvider("x", null))).isInstanceOf(ProviderExistsException.class)
                .hasMessageContaining("already registered: x");
        assertThatThrownBy(() -> r.register(new SlowProvider("Bad_Name", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad_Name");
        assertThat(r.list()).extracting(ProviderInfo::name).containsExactly("x");
    }

    @Test
    void unregisterIsRefusedWhileInstancesAreLive() {
        StorageRegistry r = StorageRegistry.empty();
        r.register(new SlowProvider("x", null));
        TapeStorageBackend a = r.create("x", StorageSettings.empty(), "first");
        TapeStorageBackend b = r.create("x", StorageSettings.empty());
        assertThat(r.info("x").liveInstances()).isEqualTo(2);
        assertThat(r.instance("first")).containsSame(a);
        assertThatThrownBy(() -> r.create("x", StorageSettings.empty(), "first"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("first");
        assertThatThrownBy(() -> r.unregister("x")).isInstanceOf(ProviderInUseException.class)
                .satisfies(e -> assertThat(((ProviderInUseException) e).liveInstances()).isEqualTo(2));
        a.close();
        a.close(); // idempotent: counted once
        assertThat(r.info("x").liveInstances()).isEqualTo(1);
        b.close();
        assertThat(r.unregister("x")).isTrue();
        assertThat(r.unregister("x")).isFalse();
        assertThatThrownBy(() -> r.create("x", StorageSettings.empty())).isInstanceOf(ProviderNotFoundException.class);
    }

    @Test
    void createValidatesFirstAndWrapsFactoryFailures() {
        StorageRegistry r = StorageRegistry.empty();
        SlowProvider p = new SlowProvider("x", null);
        r.register(p);
        assertThatThrownBy(() -> r.create("x", StorageSettings.of("x", Map.of("colour", "red"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("x.colour");
        assertThat(p.entered.getCount()).as("create never called for invalid settings").isEqualTo(1);
        assertThatThrownBy(() -> r.create("x", StorageSettings.of("x", Map.of("fail", "true"))))
                .isInstanceOf(ProviderCreationException.class).hasMessageContaining("server unreachable");
        assertThat(r.info("x").liveInstances()).isZero();
        assertThatThrownBy(() -> r.create("nope", StorageSettings.empty())).isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("available: x");
    }

    @Test
    void noLockIsHeldWhileAProviderConstructs() throws Exception {
        StorageRegistry r = StorageRegistry.isolated();
        CountDownLatch release = new CountDownLatch(1);
        SlowProvider slow = new SlowProvider("slow", release);
        r.register(slow);
        CompletableFuture<TapeStorageBackend> pending = CompletableFuture.supplyAsync(
                () -> r.create("slow", StorageSettings.empty()));
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        // While "slow" is inside create: lookups, registrations and other creations all proceed.
        assertThat(r.factory("memory")).isPresent();
        r.register(new SlowProvider("other", null));
        try (TapeStorageBackend m = r.create("memory", StorageSettings.empty())) {
            assertThat(m.providerName()).isEqualTo("memory");
        }
        assertThatThrownBy(() -> r.unregister("slow")).isInstanceOf(ProviderInUseException.class);
        assertThat(pending).isNotDone();
        release.countDown();
        pending.get(10, TimeUnit.SECONDS).close();
        assertThat(r.unregister("slow")).isTrue();
    }

    @Test
    void listenersHearEveryChange() throws Exception {
        StorageRegistry r = StorageRegistry.empty();
        List<String> events = new ArrayList<>();
        AutoCloseable handle = r.addListener(new RegistryListener() {
            @Override public void registered(ProviderInfo p) { events.add("registered " + p.name()); }
            @Override public void unregistered(ProviderInfo p) { events.add("unregistered " + p.name()); }
            @Override public void created(String p, String id) { events.add("created " + id); }
            @Override public void closed(String p, String id) { events.add("closed " + id); }
        });
        r.addListener(new RegistryListener() {
            @Override public void registered(ProviderInfo p) { throw new IllegalStateException("bad listener"); }
        });
        r.register(new SlowProvider("x", null));
        r.create("x", StorageSettings.empty(), "i1").close();
        r.unregister("x");
        handle.close();
        r.register(new SlowProvider("y", null));
        assertThat(events).containsExactly("registered x", "created i1", "closed i1", "unregistered x");
    }

    @Test
    void isolatedRegistriesAndCopiesAreIndependent() {
        StorageRegistry a = StorageRegistry.isolated();
        StorageRegistry b = a.copy();
        a.register(new SlowProvider("only-in-a", null));
        assertThat(b.contains("only-in-a")).isFalse();
        assertThat(StorageRegistry.global().contains("only-in-a")).isFalse();
        assertThat(b.contains("filesystem")).isTrue();
    }

    @Test
    void defaultStorageUsesTheDefaultProvider() {
        StorageRegistry r = StorageRegistry.isolated();
        r.setDefaultProvider("memory");
        try (TapeStorageBackend s = r.defaultStorage()) {
            assertThat(s.providerName()).isEqualTo("memory");
        }
        assertThatThrownBy(() -> r.setDefaultProvider("nope")).isInstanceOf(ProviderNotFoundException.class);
    }

    @Test
    void aCorruptPluginJarIsSkippedWithAWarningNamingIt(@TempDir Path dir) throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve("plugin.jar"));
             JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("META-INF/services/" + StorageProviderFactory.class.getName()));
            jar.write((SlowProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Files.writeString(dir.resolve("broken.jar"), "not a zip at all");
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        StorageRegistry withPlugins;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            withPlugins = StorageRegistry.discovered(getClass().getClassLoader(), dir);
        } finally {
            System.setErr(old);
        }
        assertThat(withPlugins.contains("plugin-test")).as("the good jar is still loaded").isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("SHADOWCAT_PLUGIN_DIR: skipping "
                + dir.resolve("broken.jar") + ": not a readable jar (").doesNotContain("plugin.jar");
    }

    @Test
    void anUnknownProviderSaysWhereProvidersFromOtherJarsAreFound() {
        assertThatThrownBy(() -> StorageRegistry.isolated().info("nosuch"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageStartingWith("unknown storage provider: nosuch (available: filesystem, memory)")
                .hasMessageContaining("a provider from another jar is found in the directory named by SHADOWCAT_PLUGIN_DIR");
    }

    @Test
    void providersInPluginDirectoryJarsAreFound(@TempDir Path dir) throws Exception {
        // A plugin jar that only declares the service; the class itself comes from the parent loader.
        try (OutputStream out = Files.newOutputStream(dir.resolve("plugin.jar"));
             JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("META-INF/services/" + StorageProviderFactory.class.getName()));
            jar.write((SlowProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        StorageRegistry withPlugins = StorageRegistry.discovered(getClass().getClassLoader(), dir);
        assertThat(withPlugins.contains("plugin-test")).isTrue();
        assertThat(withPlugins.info("plugin-test").version()).isEqualTo("9.9");
        assertThat(StorageRegistry.discovered(getClass().getClassLoader(), null).contains("plugin-test")).isFalse();
        assertThat(StorageRegistry.discovered(getClass().getClassLoader(), dir.resolve("missing")).contains("memory"))
                .isTrue();
    }
}
