package io.dubboai.controlplane.store;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where the control plane keeps its shared state: small JSON texts under string keys, each written by
 * compare-and-set. Backends: {@link ConfigCenterDocumentStore} (the Dubbo config center: ZooKeeper or Nacos),
 * {@link FileDocumentStore} (one process) and {@code KubernetesDocumentStore} (custom resources).
 *
 * <p>Every backend offers a true compare-and-set ({@link #replace}) and a create-if-absent ({@link #create}) that
 * never overwrites an existing document; on files, ZooKeeper and Kubernetes exactly one of several concurrent creators
 * wins, on Nacos creators within a few milliseconds of each other may both win (the later write stays), so strict
 * ownership is taken by a compare-and-set on an existing document. Reads may lag a write made through another client by a moment (Nacos serves
 * reads from a cache it refreshes after each write); a writer that read a stale document loses its compare-and-set and
 * reads again, so nothing is lost.
 *
 * <p>Threading: every method may be called from any thread.
 */
public interface DocumentStore extends AutoCloseable {

    /** The document under {@code key} with its ticket, or empty if there is none. */
    Optional<Document> read(String key);

    /** Creates the document if there is none. Returns false when one exists (see above for concurrent creators). */
    boolean create(String key, String content);

    /** Replaces the document if it still carries {@code ticket}; false when another write came first. */
    boolean replace(String key, String content, Object ticket);

    /**
     * {@link #create} when {@code ticket} is null, else {@link #replace}: the shape of a read-modify-write loop that
     * starts from "absent".
     */
    default boolean compareAndSet(String key, String content, @Nullable Object ticket) {
        return ticket == null ? create(key, content) : replace(key, content, ticket);
    }

    /**
     * Deletes the document; nothing happens when it does not exist.
     *
     * @throws DocumentStoreException when the backend could not delete it (try again)
     */
    void delete(String key);

    /** Tells {@code listener} of every later change of {@code key}, including its creation. */
    void watch(String key, DocumentListener listener);

    /** Stops telling the listeners of {@code key}. */
    void unwatch(String key);

    /**
     * How long a read may miss a write that another client already completed (zero where reads are consistent).
     * A caller that finds nothing where a document must exist waits this long before it says "not found".
     */
    default Duration readLag() {
        return Duration.ZERO;
    }

    /**
     * Reads with {@code read} until {@code settled} accepts the result or {@link #readLag()} has passed (polling every
     * 100 ms), and returns the last result: how a reader that expects a document written a moment ago, possibly
     * through another client, waits out a lagging backend. On a store without lag it reads once.
     */
    default <T> T readWithinLag(Supplier<T> read, Predicate<? super T> settled) {
        T result = read.get();
        long deadline = System.nanoTime() + readLag().toNanos();
        while (!settled.test(result) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            result = read.get();
        }
        return result;
    }

    /** Largest document accepted, in UTF-8 bytes. */
    int maxDocumentBytes();

    /** A short description for logs and errors, e.g. {@code zookeeper://127.0.0.1:2181 group dubbo-ai-registry}. */
    String describe();

    /** Releases watches, and connections this store opened itself. Does not close a client passed in by the caller. */
    @Override
    void close();
}
