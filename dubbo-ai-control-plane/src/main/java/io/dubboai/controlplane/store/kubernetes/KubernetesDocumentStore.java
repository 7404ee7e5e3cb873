package io.dubboai.controlplane.store.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.DocumentListener;
import io.dubboai.controlplane.store.DocumentStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry documents as Kubernetes custom resources of kind {@value #KIND} ({@value #GROUP}/{@value #VERSION}),
 * one per document, in one namespace: {@code spec.key} is the document key, {@code spec.document} the document
 * itself (so {@code kubectl get modelregistrydocuments -o yaml} shows readable fields). Updates send the
 * {@code resourceVersion} read with the document, so the API server refuses a stale write (HTTP 409) and creation
 * of an existing object fails: both exact compare-and-set.
 *
 * <p>Resource names are the key lower-cased with characters outside {@code [a-z0-9.-]} replaced by {@code -},
 * followed by a CRC-32 of the original key, so keys differing only in case do not collide.
 *
 * <p>Notifications come from one watch on the kind in the namespace, started with the first {@link #watch}.
 * The CustomResourceDefinition is in {@code docs/registry.md}; the service account needs get, list, watch,
 * create, update and delete on it.
 */
public final class KubernetesDocumentStore implements DocumentStore {

    private static final Logger log = LoggerFactory.getLogger(KubernetesDocumentStore.class);

    /** API group of the custom resource. */
    public static final String GROUP = "registry.dubbo-ai.io";

    /** API version of the custom resource. */
    public static final String VERSION = "v1alpha1";

    /** Kind of the custom resource. */
    public static final String KIND = "ModelRegistryDocument";

    /** Plural of the custom resource. */
    public static final String PLURAL = "modelregistrydocuments";

    /** Largest document, leaving room under etcd's 1.5 MiB object limit for metadata. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 512 * 1024;

    private static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion(VERSION)
            .withKind(KIND)
            .withPlural(PLURAL)
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;
    private final String namespace;
    private final int maxDocumentBytes;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, DocumentListener> listeners = new ConcurrentHashMap<>();
    private @Nullable Watch watch;

    /**
     * @param client the Kubernetes client; its lifecycle stays with the caller
     * @param namespace the namespace holding the documents
     * @param maxDocumentBytes largest document, in bytes
     */
    public KubernetesDocumentStore(KubernetesClient client, String namespace, int maxDocumentBytes) {
        if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException(
                    "Kubernetes namespace '" + namespace + "' is not a valid namespace name (RFC 1123 label)");
        }
        if (maxDocumentBytes < 1024) {
            throw new IllegalArgumentException("maxDocumentBytes must be at least 1024, but was " + maxDocumentBytes);
        }
        this.client = client;
        this.namespace = namespace;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /** The resource name of a document key. */
    public static String resourceName(String key) {
        String base =
                key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+", "");
        if (base.length() > 230) {
            base = base.substring(0, 230);
        }
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        String hash = HexFormat.of().toHexDigits((int) crc.getValue());
        return (base.isEmpty() ? "doc" : base.replaceAll("[.-]+$", "")) + "-" + hash;
    }

    @Override
    public Optional<Document> read(String key) {
        GenericKubernetesResource resource =
                resources().withName(resourceName(key)).get();
        if (resource == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Document(key, contentOf(resource), resource.getMetadata().getResourceVersion()));
    }

    @Override
    public boolean create(String key, String content) {
        try {
            resources().resource(resource(key, content, null)).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean replace(String key, String content, Object ticket) {
        try {
            resources().resource(resource(key, content, (String) ticket)).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                log.debug("Document {} changed concurrently: {}", key, e.getMessage());
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        resources().withName(resourceName(key)).delete();
    }

    @Override
    public synchronized void watch(String key, DocumentListener listener) {
        listeners.putIfAbsent(key, listener);
        if (watch == null) {
            watch = resources().watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, GenericKubernetesResource resource) {
                    Object spec = resource.getAdditionalProperties().get("spec");
                    if (!(spec instanceof Map<?, ?> map) || !(map.get("key") instanceof String documentKey)) {
                        return;
                    }
                    DocumentListener target = listeners.get(documentKey);
                    if (target != null) {
                        target.changed(documentKey, action == Action.DELETED ? null : contentOf(resource));
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    log.warn(
                            "Watch on {} in namespace {} closed; the registry index relies on its periodic"
                                    + " refresh until the watch is re-established",
                            PLURAL,
                            namespace,
                            cause);
                    synchronized (KubernetesDocumentStore.this) {
                        watch = null;
                    }
                }
            });
        }
    }

    @Override
    public void unwatch(String key) {
        listeners.remove(key);
    }

    @Override
    public int maxDocumentBytes() {
        return maxDocumentBytes;
    }

    @Override
    public String describe() {
        return "Kubernetes " + PLURAL + "." + GROUP + " in namespace " + namespace;
    }

    @Override
    public synchronized void close() {
        listeners.clear();
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    private io.fabric8.kubernetes.client.dsl.MixedOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
            resourcesAll() {
        return client.genericKubernetesResources(CONTEXT);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
            resources() {
        return resourcesAll().inNamespace(namespace);
    }

    private GenericKubernetesResource resource(String key, String content, @Nullable String resourceVersion) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("key", key);
        spec.put("type", key.substring(key.lastIndexOf('.') + 1));
        try {
            spec.put("document", mapper.readValue(content, new TypeReference<Map<String, Object>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document " + key + " is not a JSON object", e);
        }
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(GROUP + "/" + VERSION)
                .withKind(KIND)
                .withNewMetadata()
                .withName(resourceName(key))
                .withNamespace(namespace)
                .withResourceVersion(resourceVersion)
                .addToLabels("app.kubernetes.io/managed-by", "dubbo-ai-registry")
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    private String contentOf(GenericKubernetesResource resource) {
        Object spec = resource.getAdditionalProperties().get("spec");
        Object document = spec instanceof Map<?, ?> map ? map.get("document") : null;
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(
                    "cannot read " + KIND + " " + resource.getMetadata().getName(), e);
        }
    }
}
