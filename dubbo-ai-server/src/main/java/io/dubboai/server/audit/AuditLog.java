package io.dubboai.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log, kept in a {@link DocumentStore} so that every replica appends to the same log.
 *
 * <p>Design: entries live in segments of {@value #SEGMENT_SIZE} under keys {@code audit-<n>}; segment numbers only
 * grow. The entry {@code i} of segment {@code n} has sequence number {@code n * SEGMENT_SIZE + i}, so numbers are
 * unique and ordered without a shared counter. Appending reads the newest segment and writes it back with
 * compare-and-set; when it is full, the next segment is created with a create-only write, and the loser of a race
 * re-reads. Finding the newest segment costs one read of a small head document ({@code audit-head}) plus a probe of
 * the next key, so a head left behind by a crashed writer is harmless. Segments older than the capacity are removed.
 * A segment stays far below ZooKeeper's 1 MiB node limit.
 */
public final class AuditLog {

    /** Entries per segment document. */
    public static final int SEGMENT_SIZE = 200;

    private static final String HEAD = "audit-head";
    private static final int MAX_CAS_ATTEMPTS = 50;
    private static final TypeReference<List<AuditEntry>> ENTRIES = new TypeReference<>() {};
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final DocumentStore store;
    private final ObjectMapper json;
    private final int capacitySegments;

    /**
     * @param store where segments live
     * @param json mapper that handles {@code java.time}
     * @param capacity entries kept at least; older segments are dropped
     */
    public AuditLog(DocumentStore store, ObjectMapper json, int capacity) {
        this.store = Objects.requireNonNull(store, "store");
        this.json = Objects.requireNonNull(json, "json");
        if (capacity < SEGMENT_SIZE) {
            throw new IllegalArgumentException(
                    "audit capacity must be at least " + SEGMENT_SIZE + ", but was " + capacity);
        }
        this.capacitySegments = (capacity + SEGMENT_SIZE - 1) / SEGMENT_SIZE;
    }

    /**
     * Appends an entry (its {@code seq} is assigned here).
     *
     * @return the entry as stored
     */
    public AuditEntry append(AuditEntry entry) {
        for (int attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
            long segment = newestSegment();
            Optional<Document> current = store.read(key(segment));
            List<AuditEntry> entries =
                    new ArrayList<>(current.map(v -> decode(v.content())).orElse(List.of()));
            if (entries.size() >= SEGMENT_SIZE) {
                long next = segment + 1;
                AuditEntry stored = entry.withSeq(next * SEGMENT_SIZE);
                if (store.compareAndSet(key(next), encode(List.of(stored)), null)) {
                    moveHead(next);
                    return stored;
                }
            } else {
                AuditEntry stored = entry.withSeq(segment * SEGMENT_SIZE + entries.size());
                entries.add(stored);
                Object ticket = current.map(Document::ticket).orElse(null);
                if (store.compareAndSet(key(segment), encode(entries), ticket)) {
                    return stored;
                }
            }
            log.debug("Audit segment {} changed concurrently (attempt {}), re-reading", segment, attempt);
        }
        throw new IllegalStateException("Could not append to the audit log in " + store.describe() + " after "
                + MAX_CAS_ATTEMPTS + " attempts: too many concurrent writers");
    }

    /**
     * Reads a page, newest first.
     *
     * @param page 0 for the newest entries
     * @param size entries per page, 1 to 500
     */
    public AuditPage page(int page, int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, but was " + page);
        }
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("size must be 1..500, but was " + size);
        }
        long newest = newestSegment();
        long oldest = Math.max(0, newest - capacitySegments + 1);
        long skip = (long) page * size;
        List<AuditEntry> result = new ArrayList<>(size);
        long total = 0;
        for (long segment = newest; segment >= oldest; segment--) {
            List<AuditEntry> entries =
                    store.read(key(segment)).map(v -> decode(v.content())).orElse(List.of());
            total += entries.size();
            for (int i = entries.size() - 1; i >= 0 && result.size() < size; i--) {
                if (skip > 0) {
                    skip--;
                } else {
                    result.add(entries.get(i));
                }
            }
        }
        return new AuditPage(page, size, total, result);
    }

    private long newestSegment() {
        long segment =
                store.read(HEAD).map(v -> Long.parseLong(v.content().trim())).orElse(0L);
        // the head may lag behind a segment created by a writer that did not move it yet
        while (store.read(key(segment + 1)).isPresent()) {
            segment++;
        }
        return segment;
    }

    private void moveHead(long segment) {
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            Optional<Document> head = store.read(HEAD);
            long current = head.map(v -> Long.parseLong(v.content().trim())).orElse(0L);
            if (current >= segment) {
                break;
            }
            if (store.compareAndSet(
                    HEAD, Long.toString(segment), head.map(Document::ticket).orElse(null))) {
                break;
            }
        }
        long drop = segment - capacitySegments;
        if (drop >= 0) {
            store.delete(key(drop));
        }
    }

    private static String key(long segment) {
        return "audit-" + segment;
    }

    private List<AuditEntry> decode(String content) {
        try {
            return json.readValue(content, ENTRIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "An audit segment in " + store.describe() + " is not valid JSON (" + e.getOriginalMessage() + ")",
                    e);
        }
    }

    private String encode(List<AuditEntry> entries) {
        try {
            return json.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise audit entries", e);
        }
    }
}
