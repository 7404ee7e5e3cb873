package io.dubboai.controlplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed JSON documents of one record type in a {@link DocumentStore}, changed only by compare-and-set.
 *
 * <p>{@link #update} is the read-modify-write loop every writer uses: read the document and its ticket, apply a pure
 * function, write by compare-and-set; when another writer came first (an expected conflict, logged at debug) read
 * again and reapply, so no concurrent change is lost. The loop gives up after {@value #MAX_ATTEMPTS} conflicts in a
 * row. A Nacos read may lag a write by a moment: a writer that read a stale copy loses its compare-and-set and reads
 * again.
 *
 * @param <T> the record type (a Jackson-readable record)
 */
public final class JsonDocuments<T> {

    /** Conflicting writes in a row before {@link #update} gives up. */
    public static final int MAX_ATTEMPTS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(JsonDocuments.class);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final DocumentStore store;
    private final Class<T> type;

    public JsonDocuments(DocumentStore store, Class<T> type) {
        this.store = store;
        this.type = type;
    }

    /** The document under {@code key}, or empty. */
    public Optional<T> read(String key) {
        return store.read(key).map(document -> parse(document));
    }

    /** Creates the document if there is none; false when one exists. */
    public boolean create(String key, T value) {
        return store.create(key, write(value));
    }

    /**
     * Applies {@code change} to the stored document by compare-and-set, retrying on conflicts.
     *
     * @param change a pure function of the current value (it may run several times); returning the same instance
     *     writes nothing
     * @return the value now stored
     * @throws java.util.NoSuchElementException when there is no document under {@code key} (after waiting out the
     *     store's {@link DocumentStore#readLag() read lag})
     * @throws IllegalStateException after {@value #MAX_ATTEMPTS} conflicting writes in a row
     */
    public T update(String key, UnaryOperator<T> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            // a document created a moment ago (often by this caller) may not be readable yet where reads lag (Nacos)
            Document document = store.readWithinLag(() -> store.read(key), Optional::isPresent)
                    .orElseThrow(() -> new NoSuchElementException("no document '" + key + "' in " + store.describe()));
            T current = parse(document);
            T next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (store.replace(key, write(next), document.ticket())) {
                return next;
            }
            LOG.debug("compare-and-set conflict on {} (attempt {}), reading again", key, attempt);
        }
        throw new IllegalStateException("gave up updating '" + key + "' in " + store.describe() + " after "
                + MAX_ATTEMPTS + " conflicting writes in a row; other writers keep winning, try again later");
    }

    /** Deletes the document (nothing happens when it does not exist). */
    public void delete(String key) {
        store.delete(key);
    }

    private T parse(Document document) {
        try {
            return MAPPER.readValue(document.content(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "document '" + document.key() + "' in " + store.describe()
                            + " is not a readable " + type.getSimpleName() + ": " + e.getOriginalMessage()
                            + "; fix or delete it",
                    e);
        }
    }

    private String write(T value) {
        try {
            String json = MAPPER.writeValueAsString(value);
            int bytes = json.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > store.maxDocumentBytes()) {
                throw new IllegalArgumentException(type.getSimpleName() + " document of " + bytes + " bytes exceeds "
                        + store.maxDocumentBytes() + " bytes allowed by " + store.describe());
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public String toString() {
        return "JsonDocuments[" + type.getSimpleName() + " in " + store.describe() + "]";
    }
}
