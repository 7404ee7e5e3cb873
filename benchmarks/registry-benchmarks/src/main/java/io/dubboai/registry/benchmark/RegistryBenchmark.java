package io.dubboai.registry.benchmark;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.registry.ModelAccessPolicy;
import io.dubboai.registry.ModelQuery;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.NewModel;
import io.dubboai.registry.NewVersion;
import io.dubboai.registry.VersionStatus;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.registry.store.DocumentMetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Registers {@code models × versions} on an embedded ZooKeeper through the config-center store, then measures
 * get-by-alias and search latency on the writer's index and the start-up time of a fresh node loading the index.
 *
 * <p>Usage: {@code RegistryBenchmark [models=1000] [versions=10] [writerThreads=4]}. Latencies are measured one call
 * at a time with {@link System#nanoTime()}; percentiles are nearest-rank. Run it on a quiet machine and compare
 * ratios, not absolute figures. Everything runs on loopback (127.0.0.1, Dubbo with every network interface ignored).
 */
public final class RegistryBenchmark {

    private RegistryBenchmark() {}

    /** Runs the benchmark and prints its figures. */
    public static void main(String[] args) throws Exception {
        // Dubbo pinned to loopback before its first local-address lookup; the ZooKeeper server listens on 127.0.0.1
        System.setProperty("dubbo.network.interface.ignored", ".*");
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int versions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path dir = Files.createTempDirectory("registry-benchmark");
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start(dir.resolve("zk"), 0)) {
            FrameworkModel writerFramework = new FrameworkModel();
            DocumentMetadataStore writerStore = store(zooKeeper.dubboAddress(), writerFramework);
            ModelRegistry registry = registry(writerStore);

            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int m = first; m < models; m += threads) {
                        String name = String.format("model-%05d", m);
                        registry.createModel(
                                new NewModel(name, "benchmark model", "bench", Map.of("team", "t" + (m % 10))),
                                "bench");
                        for (int v = 0; v < versions; v++) {
                            registry.createVersion(
                                    name, NewVersion.ofArtifact("s3://models/" + name + "/" + v, "run"), "bench");
                        }
                        registry.setAlias(name, "champion", versions, "bench");
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
            pool.shutdown();
            double writeSeconds = (System.nanoTime() - start) / 1e9;
            long writes = (long) models * (versions + 2);
            System.out.printf(
                    "write: %d models x %d versions (+ create + alias) with %d threads in %.1f s"
                            + " = %.0f registry writes/s (%.0f versions/s)%n",
                    models,
                    versions,
                    threads,
                    writeSeconds,
                    writes / writeSeconds,
                    models * (double) versions / writeSeconds);

            Random random = new Random(42);
            int samples = 20_000;
            long[] alias = new long[samples];
            for (int i = 0; i < samples; i++) {
                String name = String.format("model-%05d", random.nextInt(models));
                long t0 = System.nanoTime();
                registry.resolveAlias(name, "champion");
                alias[i] = System.nanoTime() - t0;
            }
            report("get-by-alias", alias);

            int searches = 2_000;
            long[] prefix = new long[searches];
            long[] filtered = new long[searches];
            for (int i = 0; i < searches; i++) {
                String namePrefix = String.format("model-%03d", random.nextInt(Math.max(1, models / 100)));
                long t0 = System.nanoTime();
                registry.searchModels(new ModelQuery(namePrefix, Map.of(), null, null, 100, null));
                prefix[i] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                registry.searchModels(new ModelQuery(
                        "", Map.of("team", "t" + random.nextInt(10)), "champion", VersionStatus.PENDING, 50, null));
                filtered[i] = System.nanoTime() - t0;
            }
            report("search name prefix (~100 hits, page 100)", prefix);
            report("search tag+alias+status over all models (page 50)", filtered);

            FrameworkModel freshFramework = new FrameworkModel();
            long t0 = System.nanoTime();
            // its own framework model, hence its own ZooKeeper client (Dubbo keeps one client manager per application),
            // as on another machine
            DocumentMetadataStore fresh = store(zooKeeper.dubboAddress(), freshFramework);
            double startup = (System.nanoTime() - t0) / 1e9;
            int loaded = fresh.models().stream()
                    .mapToInt(m -> fresh.versions(m.name()).size())
                    .sum();
            System.out.printf(
                    "start-up of a fresh node: %.2f s to load %d models and %d versions%n",
                    startup, fresh.models().size(), loaded);

            fresh.close();
            freshFramework.destroy();
            writerStore.close();
            writerFramework.destroy();
        }
    }

    private static DocumentMetadataStore store(String address, FrameworkModel framework) {
        DynamicConfiguration configuration = ConfigCenters.open(address, framework.newApplication());
        DocumentMetadataStore store = new DocumentMetadataStore(
                new ConfigCenterDocumentStore(
                        configuration,
                        "dubbo-ai-registry",
                        ConfigCenterDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES,
                        address),
                DocumentMetadataStore.DEFAULT_CATALOG_SHARDS,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Clock.systemUTC());
        store.start();
        return store;
    }

    private static ModelRegistry registry(DocumentMetadataStore store) {
        return new ModelRegistry(
                store,
                null,
                new ArtifactUriPolicy(Set.of("s3"), Set.of("models"), List.of()),
                null,
                ModelAccessPolicy.ALLOW_ALL,
                Clock.systemUTC());
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%s: p50 %.1f us, p99 %.1f us (%d calls)%n",
                what, percentile(sorted, 50) / 1e3, percentile(sorted, 99) / 1e3, sorted.length);
    }

    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
