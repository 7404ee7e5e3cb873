package io.dubboai.registry.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Configuration of the model registry, under {@code dubbo.ai.registry}. */
@ConfigurationProperties("dubbo.ai.registry")
public class ModelRegistryProperties {

    /** Whether the registry (store, REST API, MLflow API) is set up. */
    private boolean enabled = true;

    /** Whether the MLflow-compatible REST API under /api/2.0/mlflow is served. */
    private boolean mlflowEnabled = true;

    /** Whether setting an alias also writes it into the model's route rule. */
    private boolean routeRules = true;

    /** Where model metadata is kept. */
    private final Store store = new Store();

    /** Where artifacts are kept. */
    private final Artifacts artifacts = new Artifacts();

    /** Leader-only garbage collection of artifacts no version references. */
    private final Gc gc = new Gc();

    /** Who may write through the REST and MLflow APIs when the application defines no ModelAccessPolicy. */
    private final Security security = new Security();

    /** Where versions are served: the version's serving view and the alias guard. */
    private final Serving serving = new Serving();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isMlflowEnabled() {
        return mlflowEnabled;
    }

    public void setMlflowEnabled(boolean mlflowEnabled) {
        this.mlflowEnabled = mlflowEnabled;
    }

    public boolean isRouteRules() {
        return routeRules;
    }

    public void setRouteRules(boolean routeRules) {
        this.routeRules = routeRules;
    }

    public Store getStore() {
        return store;
    }

    public Artifacts getArtifacts() {
        return artifacts;
    }

    public Gc getGc() {
        return gc;
    }

    public Security getSecurity() {
        return security;
    }

    public Serving getServing() {
        return serving;
    }

    /** Metadata store settings. */
    public static class Store {

        /** {@code config-center} (ZooKeeper or Nacos through Dubbo) or {@code kubernetes} (custom resources). */
        private String type = "config-center";

        /**
         * Config-center address, e.g. {@code zookeeper://127.0.0.1:2181}; empty to use a
         * {@code DynamicConfiguration} bean. Route rules are written to the same config center.
         */
        private String address = "";

        /** Config-center group holding registry documents. */
        private String group = "dubbo-ai-registry";

        /** Largest document written, in bytes; Nacos' default limit is 100 KiB. */
        private int maxDocumentBytes = 100 * 1024;

        /** Number of catalog shards; the same on every node sharing a store. */
        private int catalogShards = 16;

        /** How often the index re-reads what notifications may miss. */
        private Duration refreshInterval = Duration.ofSeconds(1);

        /** How often every model document is re-read, in case a change notification was lost. */
        private Duration resyncInterval = Duration.ofMinutes(1);

        /** Kubernetes namespace of the registry's custom resources (kubernetes store). */
        private String namespace = "default";

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public int getMaxDocumentBytes() {
            return maxDocumentBytes;
        }

        public void setMaxDocumentBytes(int maxDocumentBytes) {
            this.maxDocumentBytes = maxDocumentBytes;
        }

        public int getCatalogShards() {
            return catalogShards;
        }

        public void setCatalogShards(int catalogShards) {
            this.catalogShards = catalogShards;
        }

        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }

        public Duration getResyncInterval() {
            return resyncInterval;
        }

        public void setResyncInterval(Duration resyncInterval) {
            this.resyncInterval = resyncInterval;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }
    }

    /** Artifact store settings. */
    public static class Artifacts {

        /** {@code none} (no uploads), {@code file} or {@code s3}. */
        private String type = "none";

        /** Root directory of the file store (local disk or an NFS mount). */
        private Path fileRoot = Path.of("artifacts");

        /** S3 bucket. */
        private String bucket = "";

        /** S3 key prefix, empty or ending with '/'. */
        private String prefix = "";

        /** S3-compatible endpoint, e.g. http://minio:9000; empty for AWS. */
        private String endpoint = "";

        /** S3 region. */
        private String region = "us-east-1";

        /** Path-style bucket addressing (MinIO, Ceph, S3Mock). */
        private boolean pathStyle = false;

        /** Named AWS profile to take credentials from; empty for the default provider chain. */
        private String profile = "";

        /** URI schemes versions may reference. */
        private List<String> allowedSchemes = new ArrayList<>(List.of("file", "s3"));

        /** Buckets s3: URIs may name, besides the store's own bucket. */
        private List<String> allowedBuckets = new ArrayList<>();

        /** Directories file: URIs may lie under, besides the file store's root. */
        private List<Path> allowedFileRoots = new ArrayList<>();

        /**
         * Largest artifact accepted by an upload (PUT .../artifact); a larger one is refused with 413 and nothing is
         * stored. Uploads are streamed to the store, never held in memory.
         */
        private DataSize maxUploadSize = DataSize.ofGigabytes(2);

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public Path getFileRoot() {
            return fileRoot;
        }

        public void setFileRoot(Path fileRoot) {
            this.fileRoot = fileRoot;
        }

        public String getBucket() {
            return bucket;
        }

        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public boolean isPathStyle() {
            return pathStyle;
        }

        public void setPathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
        }

        public String getProfile() {
            return profile;
        }

        public void setProfile(String profile) {
            this.profile = profile;
        }

        public List<String> getAllowedSchemes() {
            return allowedSchemes;
        }

        public void setAllowedSchemes(List<String> allowedSchemes) {
            this.allowedSchemes = allowedSchemes;
        }

        public List<String> getAllowedBuckets() {
            return allowedBuckets;
        }

        public void setAllowedBuckets(List<String> allowedBuckets) {
            this.allowedBuckets = allowedBuckets;
        }

        public List<Path> getAllowedFileRoots() {
            return allowedFileRoots;
        }

        public void setAllowedFileRoots(List<Path> allowedFileRoots) {
            this.allowedFileRoots = allowedFileRoots;
        }

        public DataSize getMaxUploadSize() {
            return maxUploadSize;
        }

        public void setMaxUploadSize(DataSize maxUploadSize) {
            this.maxUploadSize = maxUploadSize;
        }
    }

    /** Garbage collection settings. */
    public static class Gc {

        /** How often the leader looks for orphaned artifacts. */
        private Duration interval = Duration.ofMinutes(10);

        /** Artifacts younger than this are never collected (an upload may be about to be registered). */
        private Duration gracePeriod = Duration.ofHours(1);

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getGracePeriod() {
            return gracePeriod;
        }

        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }
    }

    /**
     * Write access when the application defines no {@code ModelAccessPolicy} bean. With a policy bean (the admin
     * server defines one), the policy and the application's own authentication decide and these settings do not apply.
     */
    public static class Security {

        /**
         * Accept writes (POST, PUT, PATCH, DELETE under /api/v1/ai/models and /api/2.0/mlflow) from anyone who can
         * reach the application, without authentication. Off by default: without a ModelAccessPolicy bean writes are
         * refused with 403. Logged as a warning at start-up; for local development only.
         */
        private boolean allowAnonymousWrites = false;

        public boolean isAllowAnonymousWrites() {
            return allowAnonymousWrites;
        }

        public void setAllowAnonymousWrites(boolean allowAnonymousWrites) {
            this.allowAnonymousWrites = allowAnonymousWrites;
        }
    }

    /**
     * Where versions are served, read from the Dubbo registry's model providers and the model hosts' fleet documents.
     * With a config-center store both default to the store's address.
     */
    public static class Serving {

        /** Whether the registry looks where versions are served (GET .../versions/{v}/serving, the alias guard). */
        private boolean enabled = true;

        /**
         * Whether moving an alias to a version with no ready provider is refused with 409 (the caller may add
         * ?force=true). Applies only when readiness is known (a Dubbo registry or fleet documents could be read).
         */
        private boolean aliasRequiresReady = true;

        /** The Dubbo registry the model providers register in; empty: the store address (config-center store). */
        private String dubboRegistryAddress = "";

        /** The config-center group of the fleet's documents (model hosts and their assignments). */
        private String fleetGroup = "dubbo-ai-fleet";

        /** A model host whose heartbeat is older than this is not counted as a ready provider. */
        private Duration hostStaleAfter = Duration.ofSeconds(30);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isAliasRequiresReady() {
            return aliasRequiresReady;
        }

        public void setAliasRequiresReady(boolean aliasRequiresReady) {
            this.aliasRequiresReady = aliasRequiresReady;
        }

        public String getDubboRegistryAddress() {
            return dubboRegistryAddress;
        }

        public void setDubboRegistryAddress(String dubboRegistryAddress) {
            this.dubboRegistryAddress = dubboRegistryAddress;
        }

        public String getFleetGroup() {
            return fleetGroup;
        }

        public void setFleetGroup(String fleetGroup) {
            this.fleetGroup = fleetGroup;
        }

        public Duration getHostStaleAfter() {
            return hostStaleAfter;
        }

        public void setHostStaleAfter(Duration hostStaleAfter) {
            this.hostStaleAfter = hostStaleAfter;
        }
    }
}
