package io.dubboai.registry.store;

import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.DocumentStoreException;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.RegisteredModel;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.RegistryException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's metadata on a {@link DocumentStore}, with an in-memory index for reads.
 *
 * <h2>Documents</h2>
 * <ul>
 *   <li>{@code catalog-<i>.model-catalog}, i in 0..shards-1: the names of the models whose name hashes (CRC-32)
 *       to shard i. Taking a name is a compare-and-set on its shard, which is what makes model creation exact
 *       on every backend, and what lets every node discover models created elsewhere by watching a fixed set of
 *       keys.
 *   <li>{@code <model>.model}: the {@link RegisteredModel}: description, owner, tags, aliases and the version
 *       counter {@code lastVersion}.
 *   <li>{@code <model>.<n>.model-version}: one {@link ModelVersion}. Versions are separate documents so each stays
 *       small (Nacos' default limit is 100 KiB) however many versions a model has.
 * </ul>
 *
 * <h2>Version allocation</h2>
 * A writer reads the model document, increments {@code lastVersion} by compare-and-set and only then writes the
 * version document under the number it won. Two writers can never win the same number; numbers are contiguous
 * unless a writer dies between its two writes (the number is then skipped, never reused).
 *
 * <h2>Index</h2>
 * A sorted map name → (model, versions) filled at {@link #start()} and kept fresh by watches on the catalog
 * shards, each model document and each version document. Writes made through this instance update it at once
 * (read-your-writes on this node); other nodes see them after the notification delay. Each document carries a
 * revision; the index keeps the highest it has seen, so late notifications cannot roll it back. A lookup that
 * misses the index reads the store. A refresh task re-reads, every {@code refreshInterval}, what notifications
 * may miss: the catalog shards, and version numbers allocated elsewhere whose document was not yet written when
 * it was first looked for (Dubbo's ZooKeeper client does not report the creation of a node that did not exist
 * when it was watched); and every {@code resyncInterval} every model document, in case a notification was lost.
 *
 * <h2>Deletion</h2>
 * The config center has no conditional delete, so a model is deleted in steps that each writer can see, starting
 * with a compare-and-set:
 * <ol>
 *   <li>Tombstone: the model document is rewritten by compare-and-set with {@code "deleting": true}. From then on
 *       every write under the model (new versions, model and version changes) is refused with {@code CONFLICT},
 *       the counter {@code lastVersion} can no longer move, and readers neither list the model nor its versions.
 *   <li>The version documents 1..{@code lastVersion} are deleted.
 *   <li>The name is removed from its catalog shard (compare-and-set), then the model document is deleted.
 * </ol>
 * Calling {@link #deleteModel} again on a model left in any of these states finishes the delete.
 *
 * <p>A writer that read the model before the tombstone can still land one write afterwards: the version document
 * of a number it won just before the tombstone, or (on ZooKeeper, whose Dubbo client turns a compare-and-set on a
 * missing node into a create) a version document the delete already removed. So every writer of a version
 * document checks, after writing, that the model is still listed, live and the same incarnation (same creation
 * audit); if not, it removes what it wrote (when the document still holds its text) and reports {@code CONFLICT}.
 * Whichever order the two land in, the document is removed: either the check ran before the tombstone, so the
 * write preceded the delete's scan of that number, or the check sees the tombstone. What remains is the window
 * between the writer's read of its document and its removal, which a full delete, re-creation and re-registration
 * of that number would have to fit in.
 */
public final class DocumentMetadataStore implements MetadataStore {

    private static final Logger log = LoggerFactory.getLogger(DocumentMetadataStore.class);

    /** Default number of catalog shards: with 100 KiB documents, room for about 25,000 model names. */
    public static final int DEFAULT_CATALOG_SHARDS = 16;

    private static final int MAX_ATTEMPTS = 500;
    private static final Duration PENDING_TIMEOUT = Duration.ofMinutes(1);

    private static final String MODEL_SUFFIX = ".model";
    private static final String VERSION_SUFFIX = ".model-version";
    private static final String CATALOG_SUFFIX = ".model-catalog";

    private final DocumentStore store;
    private final int shards;
    private final DocumentCodec codec = new DocumentCodec();
    private final ConcurrentNavigableMap<String, Entry> index = new ConcurrentSkipListMap<>();
    private final Map<Integer, TreeSet<String>> catalogs = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Duration refreshInterval;
    private final Duration resyncInterval;
    private final Clock clock;
    /** Version numbers allocated (seen in a model document) whose document was not there yet → first seen. */
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();

    private final Set<String> watchedModels = ConcurrentHashMap.newKeySet();
    /** Models seen being deleted → their tombstone, so a late notification of an older document cannot revive them. */
    private final Map<String, RegisteredModel> tombstones = new ConcurrentHashMap<>();

    private volatile Instant nextResync = Instant.MIN;
    private @Nullable ScheduledExecutorService refresher;
    /**
     * Runs notification handling off the backend's notification thread: handling reads documents and adds
     * watches, which must not happen on that thread (Dubbo's ZooKeeper client stalls its notifications).
     */
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dubbo-ai-registry-index");
        thread.setDaemon(true);
        return thread;
    });

    /** One model in the index. */
    private static final class Entry {
        volatile RegisteredModel model;
        final ConcurrentNavigableMap<Long, ModelVersion> versions = new ConcurrentSkipListMap<>();
        /** The highest version number whose document this index has looked for. */
        final AtomicLong scanned = new AtomicLong();

        Entry(RegisteredModel model) {
            this.model = model;
        }
    }

    /**
     * @param store where documents live
     * @param shards number of catalog shards (1..1024); must be the same on every node sharing the store
     * @param refreshInterval how often to re-read what notifications cannot announce: catalog shards, and version
     *     documents allocated elsewhere but not yet written (a backend may not notify the creation of a document
     *     that did not exist when it was watched, as Dubbo's ZooKeeper client)
     * @param resyncInterval how often every model document is re-read, in case a notification was lost
     * @param clock time source for giving up on allocated-but-never-written versions
     */
    public DocumentMetadataStore(
            DocumentStore store, int shards, Duration refreshInterval, Duration resyncInterval, Clock clock) {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refreshInterval must be positive, but was " + refreshInterval);
        }
        if (resyncInterval.compareTo(refreshInterval) < 0) {
            throw new IllegalArgumentException("resyncInterval (" + resyncInterval
                    + ") must not be shorter than refreshInterval (" + refreshInterval + ")");
        }
        this.resyncInterval = resyncInterval;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("catalog shards must be 1..1024, but was " + shards
                    + "; every node sharing a store must use the same number");
        }
        this.store = store;
        this.shards = shards;
    }

    // ---------------------------------------------------------------- keys

    static String modelKey(String model) {
        return model + MODEL_SUFFIX;
    }

    static String versionKey(String model, long version) {
        return model + "." + version + VERSION_SUFFIX;
    }

    private String catalogKey(int shard) {
        return "catalog-" + shard + CATALOG_SUFFIX;
    }

    private int shardOf(String model) {
        CRC32 crc = new CRC32();
        crc.update(model.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    // ---------------------------------------------------------------- start-up

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the metadata store on " + store.describe() + " is already started");
        }
        for (int shard = 0; shard < shards; shard++) {
            int current = shard;
            String key = catalogKey(shard);
            store.watch(key, (changedKey, content) -> worker.execute(() -> onCatalog(current, content)));
            onCatalog(shard, store.read(key).map(Document::content).orElse(null));
        }
        log.info("Model registry index loaded from {}: {} models", store.describe(), index.size());
        nextResync = clock.instant().plus(resyncInterval);
        long millis = refreshInterval.toMillis();
        worker.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
        refresher = worker;
    }

    /** Re-reads catalog shards and pending version documents; runs on the refresh thread. */
    private void refresh() {
        try {
            for (int shard = 0; shard < shards; shard++) {
                int current = shard;
                store.read(catalogKey(shard)).ifPresent(document -> {
                    TreeSet<String> known = catalogs.get(current);
                    DocumentCodec.Catalog catalog = codec.catalog(document.content());
                    if (known == null || !known.equals(new TreeSet<>(catalog.models()))) {
                        onCatalog(current, document.content());
                    }
                });
            }
            Instant now = clock.instant();
            if (!now.isBefore(nextResync)) {
                nextResync = now.plus(resyncInterval);
                for (String name : index.keySet()) {
                    store.read(modelKey(name)).ifPresent(document -> onModel(name, document.content()));
                }
            }
            Instant giveUp = now.minus(PENDING_TIMEOUT);
            for (Map.Entry<String, Instant> entry : pending.entrySet()) {
                String key = entry.getKey();
                int dot = key.lastIndexOf('.');
                String model = key.substring(0, dot);
                long number = Long.parseLong(key.substring(dot + 1));
                Optional<Document> document = store.read(versionKey(model, number));
                if (document.isPresent()) {
                    pending.remove(key);
                    onVersion(model, number, document.get().content());
                } else if (entry.getValue().isBefore(giveUp) || !index.containsKey(model)) {
                    pending.remove(key);
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Refreshing the model registry index from {} failed; retrying in {}",
                    store.describe(),
                    refreshInterval,
                    e);
        }
    }

    private synchronized void onCatalog(int shard, @Nullable String content) {
        TreeSet<String> names = new TreeSet<>();
        if (content != null) {
            try {
                names.addAll(codec.catalog(content).models());
            } catch (DocumentCodec.CorruptDocumentException e) {
                log.warn("Ignoring catalog shard {} on {}: {}", shard, store.describe(), e.getMessage());
                return;
            }
        }
        TreeSet<String> previous = catalogs.put(shard, names);
        if (previous != null) {
            for (String gone : previous) {
                if (!names.contains(gone)) {
                    forget(gone);
                }
            }
        }
        for (String name : names) {
            if (previous == null || !previous.contains(name) || !index.containsKey(name)) {
                load(name);
            }
        }
    }

    private void load(String name) {
        String key = modelKey(name);
        if (watchedModels.add(name)) {
            store.watch(key, (changedKey, content) -> worker.execute(() -> onModel(name, content)));
        }
        store.read(key).ifPresent(document -> onModel(name, document.content()));
    }

    /** Drops a model being deleted from the index; the model watch stays until the catalog lets the name go. */
    private void hide(RegisteredModel tombstone) {
        String name = tombstone.name();
        tombstones.merge(name, tombstone, (old, fresh) -> fresh.revision() > old.revision() ? fresh : old);
        Entry entry = index.remove(name);
        if (entry != null) {
            entry.versions.keySet().forEach(version -> store.unwatch(versionKey(name, version)));
        }
    }

    private void forget(String name) {
        tombstones.remove(name);
        Entry entry = index.remove(name);
        watchedModels.remove(name);
        store.unwatch(modelKey(name));
        if (entry != null) {
            entry.versions.keySet().forEach(version -> store.unwatch(versionKey(name, version)));
        }
    }

    private void onModel(String name, @Nullable String content) {
        if (content == null || !inCatalog(name)) {
            return;
        }
        RegisteredModel model;
        try {
            DocumentCodec.ModelDocument document = codec.modelDocument(content);
            if (document.deleting()) {
                hide(document.model());
                return;
            }
            model = document.model();
            RegisteredModel tombstone = tombstones.get(name);
            if (tombstone != null && sameIncarnation(tombstone, model) && model.revision() <= tombstone.revision()) {
                return;
            }
        } catch (DocumentCodec.CorruptDocumentException e) {
            log.warn("Ignoring model document '{}' on {}: {}", name, store.describe(), e.getMessage());
            return;
        }
        Entry entry = remember(model);
        long scanned = entry.scanned.getAndAccumulate(model.lastVersion(), Math::max);
        for (long version = scanned + 1; version <= model.lastVersion(); version++) {
            if (!entry.versions.containsKey(version)) {
                watchVersion(name, version, started.get() && refresher != null);
            }
        }
    }

    private void watchVersion(String name, long version, boolean expectIt) {
        String key = versionKey(name, version);
        store.watch(key, (changedKey, content) -> worker.execute(() -> onVersion(name, version, content)));
        Optional<Document> document = store.read(key);
        if (document.isPresent()) {
            onVersion(name, version, document.get().content());
        } else if (expectIt) {
            pending.putIfAbsent(name + "." + version, clock.instant());
        }
    }

    private void onVersion(String name, long number, @Nullable String content) {
        Entry entry = index.get(name);
        if (entry == null) {
            return;
        }
        if (content == null) {
            entry.versions.remove(number);
            return;
        }
        try {
            rememberVersion(entry, codec.version(content));
        } catch (DocumentCodec.CorruptDocumentException e) {
            log.warn("Ignoring version {} of model '{}' on {}: {}", number, name, store.describe(), e.getMessage());
        }
    }

    private boolean inCatalog(String name) {
        TreeSet<String> names = catalogs.get(shardOf(name));
        return names != null && names.contains(name);
    }

    private Entry remember(RegisteredModel model) {
        Entry remembered = index.compute(model.name(), (name, entry) -> {
            if (entry == null) {
                return new Entry(model);
            }
            if (model.revision() > entry.model.revision()) {
                entry.model = model;
            }
            return entry;
        });
        if (watchedModels.add(model.name())) {
            String name = model.name();
            store.watch(modelKey(name), (changedKey, content) -> worker.execute(() -> onModel(name, content)));
        }
        return remembered;
    }

    private static void rememberVersion(Entry entry, ModelVersion version) {
        entry.versions.merge(
                version.version(), version, (old, fresh) -> fresh.revision() > old.revision() ? fresh : old);
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<RegisteredModel> findModel(String name) {
        Entry entry = index.get(name);
        if (entry != null) {
            return Optional.of(entry.model);
        }
        // not in the index (yet): a model created a moment ago through another node may still be on its way here
        Optional<StoredModel> stored = readModelAllowingLag(name);
        if (stored.isPresent() && stored.get().deleting) {
            throw RegistryException.modelBeingDeleted(name);
        }
        return stored.map(StoredModel::model);
    }

    @Override
    public Optional<RegisteredModel> loadModel(String name) {
        return readModel(name).filter(stored -> !stored.deleting).map(StoredModel::model);
    }

    @Override
    public Optional<RegisteredModel> loadModel(String name, long atLeast) {
        return store.readWithinLag(() -> readModel(name), stored -> stored.map(
                                s -> s.model().revision() >= atLeast)
                        .orElse(false))
                .filter(s -> !s.deleting)
                .map(StoredModel::model);
    }

    @Override
    public Optional<ModelVersion> findVersion(String model, long version) {
        Entry entry = index.get(model);
        if (entry != null) {
            ModelVersion found = entry.versions.get(version);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return store.read(versionKey(model, version))
                .map(document -> codec.version(document.content()))
                .filter(found -> index.containsKey(model) || loadModel(model).isPresent());
    }

    @Override
    public List<RegisteredModel> models() {
        return index.values().stream().map(entry -> entry.model).toList();
    }

    @Override
    public List<RegisteredModel> modelsWithPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return models();
        }
        return index.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values().stream()
                .map(entry -> entry.model)
                .toList();
    }

    @Override
    public List<ModelVersion> versions(String model) {
        Entry entry = index.get(model);
        return entry == null ? List.of() : List.copyOf(entry.versions.values());
    }

    /** A model document as read from the store, with its ticket and whether it is a deletion tombstone. */
    private record StoredModel(RegisteredModel model, Object ticket, boolean deleting) {}

    /** The model document of a model listed in its catalog shard, tombstone or not. */
    private Optional<StoredModel> readModel(String name) {
        if (!catalogHas(name)) {
            return Optional.empty();
        }
        return readModelDocument(name);
    }

    /**
     * {@link #readModel}, but where the store's reads may lag a write (Nacos), a model not found is looked for again
     * for up to {@link DocumentStore#readLag()}: a model created a moment ago through another node is then found.
     */
    private Optional<StoredModel> readModelAllowingLag(String name) {
        return store.readWithinLag(() -> readModel(name), Optional::isPresent);
    }

    private Optional<StoredModel> readModelDocument(String name) {
        return store.read(modelKey(name)).map(document -> {
            DocumentCodec.ModelDocument decoded = codec.modelDocument(document.content());
            return new StoredModel(decoded.model(), document.ticket(), decoded.deleting());
        });
    }

    /** The model for a write under it: {@code NOT_FOUND} when absent, {@code CONFLICT} while it is being deleted. */
    private StoredModel liveModel(String name) {
        StoredModel stored = readModelAllowingLag(name).orElseThrow(() -> RegistryException.modelNotFound(name));
        if (stored.deleting) {
            throw RegistryException.modelBeingDeleted(name);
        }
        return stored;
    }

    /**
     * Whether {@code model} is, straight from the store, still listed, not being deleted and the same incarnation
     * (same creation audit) as {@code expected}: the check a writer makes after writing a version document.
     */
    private boolean stillLive(RegisteredModel expected) {
        // where reads lag writes (Nacos), a read may not show the catalog or model this writer just saw: only a
        // "not live" that lasts for the store's read lag counts
        return store.readWithinLag(() -> stillLiveNow(expected), live -> live);
    }

    private boolean stillLiveNow(RegisteredModel expected) {
        String name = expected.name();
        boolean listed = store.read(catalogKey(shardOf(name)))
                .map(document -> codec.catalog(document.content()).models().contains(name))
                .orElse(false);
        if (!listed) {
            return false;
        }
        return readModelDocument(name)
                .filter(stored -> !stored.deleting)
                .filter(stored -> sameIncarnation(stored.model, expected))
                .isPresent();
    }

    /** Whether two states of a model belong to the same registration of its name (not deleted and created again). */
    private static boolean sameIncarnation(RegisteredModel one, RegisteredModel other) {
        return one.audit().createdAt().equals(other.audit().createdAt())
                && one.audit().createdBy().equals(other.audit().createdBy());
    }

    /** Removes a document this writer wrote, unless another writer has replaced it since. */
    private void withdraw(String key, String written) {
        Optional<Document> now = store.read(key);
        if (now.isPresent() && now.get().content().equals(written)) {
            deleteDocument(key);
        }
    }

    /** Whether the stored catalog (not the index) lists {@code name}: the authority on existence. */
    private boolean catalogHas(String name) {
        if (inCatalog(name)) {
            return true;
        }
        return store.read(catalogKey(shardOf(name)))
                .map(document -> codec.catalog(document.content()).models().contains(name))
                .orElse(false);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public RegisteredModel createModel(RegisteredModel model) {
        String content = checkedContent(model, "model '" + model.name() + "'");
        try {
            takeName(model.name());
        } catch (RegistryException e) {
            if (e.reason() == Reason.ALREADY_EXISTS
                    && readModel(model.name()).filter(StoredModel::deleting).isPresent()) {
                throw RegistryException.modelBeingDeleted(model.name());
            }
            throw e;
        }
        String key = modelKey(model.name());
        boolean written = false;
        try {
            Optional<Document> orphan = store.read(key);
            written = orphan.isPresent()
                    ? store.replace(key, content, orphan.get().ticket())
                    : store.create(key, content);
        } finally {
            if (!written) {
                releaseName(model.name());
            }
        }
        if (!written) {
            throw unavailable(model.name(), "could not write the document of model '" + model.name() + "'");
        }
        return remember(model).model;
    }

    private void takeName(String name) {
        changeCatalog(name, names -> {
            if (names.contains(name)) {
                throw new RegistryException(
                        Reason.ALREADY_EXISTS,
                        name,
                        null,
                        "model '" + name + "' already exists; choose another name or register a new version of it");
            }
            names.add(name);
        });
        synchronized (this) {
            TreeSet<String> copy = new TreeSet<>(catalogs.getOrDefault(shardOf(name), new TreeSet<>()));
            copy.add(name);
            catalogs.put(shardOf(name), copy);
        }
    }

    private void releaseName(String name) {
        changeCatalog(name, names -> names.remove(name));
        synchronized (this) {
            TreeSet<String> copy = new TreeSet<>(catalogs.getOrDefault(shardOf(name), new TreeSet<>()));
            copy.remove(name);
            catalogs.put(shardOf(name), copy);
        }
    }

    private interface CatalogChange {
        void apply(TreeSet<String> names);
    }

    private void changeCatalog(String name, CatalogChange change) {
        String key = catalogKey(shardOf(name));
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Document> document = store.read(key);
            if (document.isEmpty()) {
                store.create(key, codec.encode(new DocumentCodec.Catalog(List.of(), 0)));
                continue;
            }
            DocumentCodec.Catalog catalog = codec.catalog(document.get().content());
            TreeSet<String> names = new TreeSet<>(catalog.models());
            change.apply(names);
            String content = codec.encode(new DocumentCodec.Catalog(new ArrayList<>(names), catalog.revision() + 1));
            if (bytes(content) > store.maxDocumentBytes()) {
                throw new RegistryException(
                        Reason.TOO_LARGE,
                        name,
                        null,
                        "catalog shard '" + key + "' is full (" + names.size() + " models); raise"
                                + " dubbo.ai.registry.catalog-shards on every node of a new store, or delete unused models");
            }
            if (store.replace(key, content, document.get().ticket())) {
                return;
            }
            backOff(attempt);
        }
        throw unavailable(name, "the catalog shard of model '" + name + "' kept changing");
    }

    @Override
    public RegisteredModel updateModel(String name, UnaryOperator<RegisteredModel> change) {
        String key = modelKey(name);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            StoredModel current = liveModel(name);
            RegisteredModel next = change.apply(current.model);
            if (next == current.model) {
                return remember(current.model).model;
            }
            requireSame(name, next.name());
            if (store.replace(key, checkedContent(next, "model '" + name + "'"), current.ticket)) {
                return remember(next).model;
            }
            log.debug("Model '{}' changed concurrently (attempt {}); retrying", name, attempt);
            backOff(attempt);
        }
        throw unavailable(name, "model '" + name + "' kept changing concurrently");
    }

    @Override
    public ModelVersion createVersion(String model, LongFunction<ModelVersion> factory) {
        String key = modelKey(model);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            StoredModel current = liveModel(model);
            long number = current.model.lastVersion() + 1;
            ModelVersion version = factory.apply(number);
            if (version.version() != number || !version.model().equals(model)) {
                throw new IllegalStateException("the version factory built " + version.model() + "/" + version.version()
                        + " where " + model + "/" + number + " was asked for");
            }
            String versionContent = checkedContent(version, "version " + number + " of model '" + model + "'");
            RegisteredModel next = current.model.withNextVersion(current.model.audit());
            String modelContent = checkedContent(next, "model '" + model + "'");
            if (!store.replace(key, modelContent, current.ticket)) {
                log.debug("Version counter of '{}' taken concurrently (attempt {}); retrying", model, attempt);
                backOff(attempt);
                continue;
            }
            writeOwnedVersion(model, number, versionContent);
            if (!stillLive(current.model)) {
                // the model was tombstoned after the number was won: the delete may have scanned this number
                // before the document landed. On ZooKeeper the counter write itself can recreate a model document
                // the delete had removed; take back both.
                withdraw(versionKey(model, number), versionContent);
                withdraw(key, modelContent);
                throw RegistryException.modelBeingDeleted(model);
            }
            Entry entry = remember(next);
            rememberVersion(entry, version);
            store.watch(
                    versionKey(model, number),
                    (changedKey, text) -> worker.execute(() -> onVersion(model, number, text)));
            return version;
        }
        throw unavailable(model, "the version counter of model '" + model + "' kept changing");
    }

    /** Writes a version document under a number this writer won; an orphan left by a deleted model is replaced. */
    private void writeOwnedVersion(String model, long number, String content) {
        String key = versionKey(model, number);
        for (int attempt = 1; attempt <= 3; attempt++) {
            Optional<Document> orphan = store.read(key);
            boolean written = orphan.isPresent()
                    ? store.replace(key, content, orphan.get().ticket())
                    : store.create(key, content);
            if (written) {
                return;
            }
        }
        throw unavailable(
                model,
                "version " + number + " of model '" + model + "' was allocated but its document could not be written;"
                        + " the number is skipped, register the version again");
    }

    @Override
    public ModelVersion updateVersion(String model, long number, UnaryOperator<ModelVersion> change) {
        String key = versionKey(model, number);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            RegisteredModel owner = liveModel(model).model;
            Document document = store.read(key).orElseThrow(() -> RegistryException.versionNotFound(model, number));
            ModelVersion current = codec.version(document.content());
            ModelVersion next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (next.version() != number || !next.model().equals(model)) {
                throw new IllegalStateException("a version change may not move " + model + "/" + number);
            }
            String content = checkedContent(next, "version " + number + " of model '" + model + "'");
            if (store.replace(key, content, document.ticket())) {
                if (!stillLive(owner)) {
                    // a delete ran meanwhile; on ZooKeeper this write may have recreated a document it removed
                    withdraw(key, content);
                    throw RegistryException.modelBeingDeleted(model);
                }
                Entry entry = index.get(model);
                if (entry != null) {
                    rememberVersion(entry, next);
                }
                return next;
            }
            backOff(attempt);
        }
        throw unavailable(model, "version " + number + " of model '" + model + "' kept changing concurrently");
    }

    @Override
    public void deleteVersion(String model, long number) {
        if (findVersion(model, number).isEmpty()) {
            throw RegistryException.versionNotFound(model, number);
        }
        deleteDocument(versionKey(model, number));
        store.unwatch(versionKey(model, number));
        Entry entry = index.get(model);
        if (entry != null) {
            entry.versions.remove(number);
        }
    }

    @Override
    public List<ModelVersion> deleteModel(String name, Consumer<RegisteredModel> check) {
        StoredModel tombstone = tombstone(name, check);
        hide(tombstone.model);
        List<ModelVersion> deleted = new ArrayList<>();
        for (long number = 1; number <= tombstone.model.lastVersion(); number++) {
            String key = versionKey(name, number);
            Optional<Document> document = store.read(key);
            if (document.isPresent()) {
                try {
                    deleted.add(codec.version(document.get().content()));
                } catch (DocumentCodec.CorruptDocumentException e) {
                    log.warn("Deleting unreadable version {} of '{}': {}", number, name, e.getMessage());
                }
                deleteDocument(key);
            }
            store.unwatch(key);
        }
        if (catalogHas(name)) {
            releaseName(name);
        }
        forget(name);
        deleteDocument(modelKey(name));
        return deleted;
    }

    /**
     * Step 1 of a delete: turns the model document into a tombstone by compare-and-set, or finds the tombstone an
     * interrupted delete left (listed or, after step 3's catalog write, no longer listed).
     */
    private StoredModel tombstone(String name, Consumer<RegisteredModel> check) {
        String key = modelKey(name);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<StoredModel> listed = readModel(name);
            StoredModel current = listed.isPresent()
                    ? listed.get()
                    : readModelDocument(name)
                            .filter(StoredModel::deleting)
                            .orElseThrow(() -> RegistryException.modelNotFound(name));
            check.accept(current.model);
            if (current.deleting) {
                log.info("Finishing the interrupted delete of model '{}' on {}", name, store.describe());
                return current;
            }
            RegisteredModel model = current.model;
            // a new revision, so that the index can tell a late notification of the live document from the tombstone
            RegisteredModel marked = new RegisteredModel(
                    model.name(),
                    model.description(),
                    model.owner(),
                    model.tags(),
                    model.aliases(),
                    model.lastVersion(),
                    model.audit(),
                    model.revision() + 1);
            if (store.replace(key, codec.encodeModel(marked, true), current.ticket)) {
                return new StoredModel(marked, current.ticket, true);
            }
            log.debug("Model '{}' changed concurrently before its delete (attempt {}); retrying", name, attempt);
            backOff(attempt);
        }
        throw unavailable(name, "model '" + name + "' kept changing while it was being deleted");
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        for (int shard = 0; shard < shards; shard++) {
            store.unwatch(catalogKey(shard));
        }
        index.keySet().forEach(this::forget);
    }

    // ---------------------------------------------------------------- helpers

    private String checkedContent(Object document, String what) {
        String content = codec.encode(document);
        int size = bytes(content);
        if (size > store.maxDocumentBytes()) {
            throw new RegistryException(
                    Reason.TOO_LARGE,
                    null,
                    null,
                    "the document of " + what + " would be " + size + " bytes; the store accepts at most "
                            + store.maxDocumentBytes()
                            + " (shorten descriptions, tags, metrics or the signature, or raise"
                            + " dubbo.ai.registry.max-document-bytes if your config center allows more)");
        }
        return content;
    }

    private static int bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void requireSame(String name, String changed) {
        if (!name.equals(changed)) {
            throw new IllegalStateException("a model change may not rename '" + name + "' to '" + changed + "'");
        }
    }

    private RegistryException unavailable(String model, String what) {
        return new RegistryException(
                Reason.UNAVAILABLE, model, null, what + " on " + store.describe() + "; try again later");
    }

    /** Jittered exponential back-off: up to 2^min(attempt,6) ms, so contending writers spread out. */
    private static void backOff(int attempt) {
        long bound = 1L << Math.min(attempt, 6);
        try {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(100, bound * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "interrupted while retrying a write", e);
        }
    }

    /** Deletes a document; a backend that could not is reported as unavailable, and a second delete finishes it. */
    private void deleteDocument(String key) {
        try {
            store.delete(key);
        } catch (DocumentStoreException e) {
            throw new RegistryException(
                    RegistryException.Reason.UNAVAILABLE,
                    null,
                    null,
                    e.getMessage() + " (deleting a model again finishes an interrupted delete)");
        }
    }
}
