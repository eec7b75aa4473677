package io.shadowcat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.StorageLayers;

/**
 * Finds storage providers by name and creates backends from them.
 *
 * <p>There is one {@linkplain #global() global} registry per process, holding the built-in providers,
 * every provider on the class path and every provider in a jar of {@code $SHADOWCAT_PLUGIN_DIR} (all found
 * through {@link ServiceLoader}), plus whatever is {@linkplain #register registered} at run time. Isolated
 * registries ({@link #isolated()}, {@link #empty()}, {@link #copy()}) are independent of it: one per
 * Shadowcat instance or per test.
 *
 * <p>{@link #create} looks the provider up, validates the settings, then constructs the backend without
 * holding any lock, so a slow provider (one that connects to a server, say) never blocks the registry. The
 * registry counts the backends it created until they are closed, and refuses to {@linkplain #unregister
 * unregister} a provider while any is open. Lookups are a single concurrent-map read. Thread-safe.
 *
 * <p>Every backend it opens is wrapped in the {@linkplain StorageLayers storage layers} its settings enable:
 * the layers' keys are split off and validated first, the provider validates and is created with the rest.
 */
public final class StorageRegistry {

    /** The provider used when nothing else is configured. */
    public static final String DEFAULT_PROVIDER = "filesystem";
    /** Environment variable naming a directory of provider jars. */
    public static final String PLUGIN_DIR_ENV = "SHADOWCAT_PLUGIN_DIR";

    private static final Logger LOG = LoggerFactory.getLogger(StorageRegistry.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final ConcurrentHashMap<String, Entry> providers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TrackedBackend> instances = new ConcurrentHashMap<>();
    private final Set<String> reservedIds = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong instanceCounter = new AtomicLong();
    private volatile String defaultProvider = DEFAULT_PROVIDER;
    private final StorageLayers layers;

    private StorageRegistry() {
        this(StorageLayers.standard());
    }

    private StorageRegistry(StorageLayers layers) {
        this.layers = Objects.requireNonNull(layers, "layers");
    }

    /** The process-wide registry, discovered on first use. */
    public static StorageRegistry global() {
        return Global.INSTANCE;
    }

    /**
     * A new registry with every discoverable provider (built-ins, class path, {@code $SHADOWCAT_PLUGIN_DIR}),
     * independent of the global one.
     */
    public static StorageRegistry isolated() {
        String dir = System.getenv(PLUGIN_DIR_ENV);
        return discovered(Thread.currentThread().getContextClassLoader(),
                dir == null || dir.isBlank() ? null : Path.of(dir));
    }

    /** A registry with no providers at all. */
    public static StorageRegistry empty() {
        return new StorageRegistry();
    }

    /**
     * A new registry with the providers {@link ServiceLoader} finds through {@code loader} and in the jars of
     * {@code pluginDir} (may be null). A provider that fails to load, or whose name is taken, is logged and
     * skipped.
     */
    public static StorageRegistry discovered(ClassLoader loader, Path pluginDir) {
        StorageRegistry registry = new StorageRegistry();
        for (StorageProviderFactory factory : discover(loader, pluginDir)) {
            try {
                registry.register(factory);
            } catch (ProviderExistsException | IllegalArgumentException e) {
                LOG.warn("skipping storage provider {}: {}", factory.getClass().getName(), e.getMessage());
            }
        }
        return registry;
    }

    /** An isolated registry with the same providers and default as this one, and no instances or listeners. */
    public StorageRegistry copy() {
        return withLayers(layers);
    }

    /**
     * A {@linkplain #copy copy} of this registry whose backends are wrapped in {@code layers} instead: how a
     * command opens "the stack without layer X" ({@link StorageLayers#without}).
     */
    public StorageRegistry withLayers(StorageLayers layers) {
        StorageRegistry copy = new StorageRegistry(layers);
        providers.values().forEach(e -> copy.providers.put(e.factory.name(), new Entry(e.factory)));
        copy.defaultProvider = defaultProvider;
        return copy;
    }

    /**
     * Adds a provider.
     *
     * @throws ProviderExistsException when the name is taken
     * @throws IllegalArgumentException when the name is not lowercase letters, digits and single hyphens
     */
    public void register(StorageProviderFactory factory) {
        Objects.requireNonNull(factory, "factory");
        String name = factory.name();
        if (name == null || name.length() > 64 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid storage provider name '" + name
                    + "' from " + factory.getClass().getName()
                    + ": use lowercase letters, digits and single hyphens, e.g. my-store");
        }
        if (providers.putIfAbsent(name, new Entry(factory)) != null) {
            throw new ProviderExistsException(name);
        }
        ProviderInfo info = info(name);
        fire(l -> l.registered(info));
    }

    /**
     * Removes a provider.
     *
     * @return false when no provider has that name
     * @throws ProviderInUseException while backends it created are open
     */
    public boolean unregister(String name) {
        Entry entry = providers.get(name);
        if (entry == null) {
            return false;
        }
        ProviderInfo info = entry.info();
        if (!entry.retire()) {
            throw new ProviderInUseException(name, entry.live());
        }
        providers.remove(name, entry);
        fire(l -> l.unregistered(info));
        return true;
    }

    /** The factory registered under {@code name}. */
    public Optional<StorageProviderFactory> factory(String name) {
        Entry e = name == null ? null : providers.get(name);
        return e == null ? Optional.empty() : Optional.of(e.factory);
    }

    public boolean contains(String name) {
        return name != null && providers.containsKey(name);
    }

    /** Every provider, by name. */
    public List<ProviderInfo> list() {
        List<ProviderInfo> out = new ArrayList<>();
        providers.values().forEach(e -> out.add(e.info()));
        out.sort(Comparator.comparing(ProviderInfo::name));
        return out;
    }

    /** @throws ProviderNotFoundException when no provider has that name */
    public ProviderInfo info(String name) {
        return entry(name).info();
    }

    /** The providers that have every capability asked for, by name. */
    public List<ProviderInfo> findByCapability(ProviderCapability... needed) {
        Set<ProviderCapability> want = needed.length == 0 ? Set.of() : EnumSet.of(needed[0], needed);
        return list().stream().filter(p -> p.capabilities().containsAll(want)).toList();
    }

    /**
     * Looks up {@code provider} and validates {@code settings} without creating anything.
     *
     * @throws ProviderNotFoundException when there is no such provider
     * @throws InvalidConfigException naming the offending key
     */
    public void validate(String provider, StorageSettings settings) {
        Entry entry = entry(provider);
        StorageLayers.Split split = layers.split(forProvider(provider, settings));
        layers.validate(split);
        validateProvider(entry, split.provider());
    }

    /** The storage layers every backend this registry opens is wrapped in. */
    public StorageLayers layers() {
        return layers;
    }

    // An unknown key may be meant for a layer: the message lists every key there is, not the provider's alone.
    private void validateProvider(Entry entry, StorageSettings settings) {
        try {
            entry.factory.validate(settings);
        } catch (InvalidConfigException e) {
            boolean unknown = e.problem().startsWith("unknown setting")
                    && entry.factory.configSchema().field(e.key()).isEmpty();
            if (!unknown) {
                throw e;
            }
            throw new InvalidConfigException(e.provider(), e.key(), layers.known(entry.factory.configSchema()
                    .fields().stream().map(io.shadowcat.storage.spi.ConfigField::name).toList()));
        }
    }

    /** Creates a backend with a generated instance id; see {@link #create(String, StorageSettings, String)}. */
    public TapeStorageBackend create(String provider, StorageSettings settings) {
        return create(provider, settings, null);
    }

    /**
     * Creates a backend: lookup, validation, then construction with no lock held. Close the backend when
     * done; the provider cannot be unregistered until then.
     *
     * @param instanceId a name for this backend, unique among the open ones, or null to generate one
     * @throws ProviderNotFoundException when there is no such provider
     * @throws InvalidConfigException naming the offending key
     * @throws ProviderCreationException when the factory fails (the cause says why)
     * @throws IllegalStateException when {@code instanceId} names an open backend
     */
    public TapeStorageBackend create(String provider, StorageSettings settings, String instanceId) {
        return open(provider, settings, OpenMode.CREATE, instanceId);
    }

    /**
     * Opens a backend for {@code mode}, with a generated instance id: with {@link OpenMode#EXISTING} a storage
     * that does not exist is an error and nothing is created; otherwise as {@link #create(String, StorageSettings)}.
     *
     * @throws StorageNotFoundException when {@code mode} is {@link OpenMode#EXISTING} and the storage is missing
     */
    public TapeStorageBackend open(String provider, StorageSettings settings, OpenMode mode) {
        return open(provider, settings, mode, null);
    }

    private TapeStorageBackend open(String provider, StorageSettings settings, OpenMode mode, String instanceId) {
        Objects.requireNonNull(mode, "mode");
        Entry entry = entry(provider);
        StorageLayers.Split split = layers.split(forProvider(provider, settings));
        layers.validate(split);
        validateProvider(entry, split.provider());
        String id = instanceId != null ? instanceId : provider + "-" + instanceCounter.incrementAndGet();
        if (!reservedIds.add(id)) {
            throw new IllegalStateException("storage instance id already in use: " + id);
        }
        if (!entry.acquire()) {
            reservedIds.remove(id);
            throw new ProviderNotFoundException(provider, names());
        }
        TapeStorageBackend backend;
        try {
            backend = entry.factory.create(split.provider(), mode);
            if (backend == null) {
                throw new IllegalStateException(entry.factory.getClass().getName() + ".create returned null");
            }
            backend = layers.wrap(backend, split);
        } catch (InvalidConfigException | ProviderCreationException | StorageNotFoundException e) {
            release(entry, id);
            throw e;
        } catch (RuntimeException e) {
            release(entry, id);
            throw new ProviderCreationException(provider, e);
        } catch (Error e) {
            release(entry, id);
            throw e;
        }
        TrackedBackend tracked = new TrackedBackend(backend, id, () -> {
            instances.remove(id);
            release(entry, id);
            fire(l -> l.closed(provider, id));
        });
        instances.put(id, tracked);
        fire(l -> l.created(provider, id));
        return tracked;
    }

    /** An open backend this registry created, by instance id. */
    public Optional<TapeStorageBackend> instance(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId));
    }

    /** The instance ids of the open backends this registry created. */
    public Set<String> instanceIds() {
        return new TreeSet<>(instances.keySet());
    }

    public String defaultProvider() {
        return defaultProvider;
    }

    /** @throws ProviderNotFoundException when no provider has that name */
    public void setDefaultProvider(String name) {
        entry(name);
        defaultProvider = name;
    }

    /** A new backend of the default provider with its default settings (for {@code filesystem}: {@code ./tapes}). */
    public TapeStorageBackend defaultStorage() {
        return create(defaultProvider, StorageSettings.of(defaultProvider, java.util.Map.of()));
    }

    /**
     * Adds a listener.
     *
     * @return closes to remove the listener again
     */
    public AutoCloseable addListener(RegistryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    private Entry entry(String name) {
        Entry e = name == null ? null : providers.get(name);
        if (e == null) {
            throw new ProviderNotFoundException(String.valueOf(name), names());
        }
        return e;
    }

    private List<String> names() {
        return new ArrayList<>(new TreeSet<>(providers.keySet()));
    }

    private void release(Entry entry, String id) {
        entry.release();
        reservedIds.remove(id);
    }

    private static StorageSettings forProvider(String provider, StorageSettings settings) {
        StorageSettings s = settings == null ? StorageSettings.empty() : settings;
        return provider.equals(s.provider()) ? s : StorageSettings.of(provider, s.asMap());
    }

    private void fire(java.util.function.Consumer<RegistryListener> event) {
        for (RegistryListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("storage registry listener {} failed: {}", l, e.toString());
            }
        }
    }

    static List<StorageProviderFactory> discover(ClassLoader parent, Path pluginDir) {
        ClassLoader loader = parent != null ? parent : StorageRegistry.class.getClassLoader();
        if (pluginDir != null) {
            loader = pluginLoader(pluginDir, loader);
        }
        List<StorageProviderFactory> found = new ArrayList<>();
        Set<String> classes = new TreeSet<>();
        Iterator<StorageProviderFactory> it = ServiceLoader.load(StorageProviderFactory.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                StorageProviderFactory f = it.next();
                if (classes.add(f.getClass().getName())) {
                    found.add(f);
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.warn("skipping a storage provider that failed to load: {}", e.getMessage());
            }
        }
        return found;
    }

    private static ClassLoader pluginLoader(Path dir, ClassLoader parent) {
        if (!Files.isDirectory(dir)) {
            LOG.warn("{}={} is not a directory; no plugins loaded from it", PLUGIN_DIR_ENV, dir);
            return parent;
        }
        List<URL> jars = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : s) {
                if (readableJar(jar)) {
                    jars.add(jar.toUri().toURL());
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin directory " + dir, e);
        }
        jars.sort(Comparator.comparing(URL::toString));
        LOG.debug("loading storage plugins from {}: {}", dir, jars);
        return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    }

    // A jar the class loader cannot open would be passed over without a word: say so, and leave it out.
    private static boolean readableJar(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            if (file.getEntry("META-INF/services/" + StorageProviderFactory.class.getName()) == null) {
                LOG.debug("{}: {} declares no storage provider (a library of a plugin?)", PLUGIN_DIR_ENV, jar);
            }
            return true;
        } catch (IOException | SecurityException e) {
            LOG.warn("{}: skipping {}: not a readable jar ({}); no storage provider is loaded from it", PLUGIN_DIR_ENV,
                    jar, e.getMessage());
            return false;
        }
    }

    /** A registered factory and the count of its open backends; -1 once unregistered. */
    private static final class Entry {
        final StorageProviderFactory factory;
        private final AtomicInteger live = new AtomicInteger();

        Entry(StorageProviderFactory factory) {
            this.factory = factory;
        }

        boolean acquire() {
            while (true) {
                int n = live.get();
                if (n < 0) {
                    return false;
                }
                if (live.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            live.decrementAndGet();
        }

        boolean retire() {
            return live.compareAndSet(0, -1);
        }

        int live() {
            return Math.max(0, live.get());
        }

        ProviderInfo info() {
            return new ProviderInfo(factory.name(), factory.displayName(), factory.version(), factory.description(),
                    factory.capabilities(), factory.configSchema(), live());
        }
    }

    private static final class Global {
        static final StorageRegistry INSTANCE = isolated();
    }
}
