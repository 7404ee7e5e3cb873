package io.dubboai.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.testing.ForwardingDocumentStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonDocumentsTest {

    record Counter(int value) {}

    @TempDir
    Path dir;

    /** Reads miss a document for the first few reads after it was written, as Nacos' cache does. */
    static final class LaggingStore extends ForwardingDocumentStore {
        final AtomicInteger missesLeft = new AtomicInteger();

        LaggingStore(DocumentStore delegate) {
            super(delegate);
        }

        @Override
        public boolean create(String key, String content) {
            boolean created = super.create(key, content);
            missesLeft.set(2);
            return created;
        }

        @Override
        public Optional<Document> read(String key) {
            return missesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? Optional.empty() : super.read(key);
        }

        @Override
        public Duration readLag() {
            return Duration.ofSeconds(2);
        }
    }

    @Test
    void updateRightAfterCreateWaitsOutTheStoresReadLag() {
        try (LaggingStore store = new LaggingStore(new FileDocumentStore(dir))) {
            JsonDocuments<Counter> counters = new JsonDocuments<>(store, Counter.class);
            assertThat(counters.create("counter.a", new Counter(0))).isTrue();

            Counter updated = counters.update("counter.a", c -> new Counter(c.value() + 1));

            assertThat(updated).isEqualTo(new Counter(1));
            assertThat(store.missesLeft).hasValue(0);
            assertThat(counters.read("counter.a")).contains(new Counter(1));
        }
    }

    @Test
    void updateOfAMissingDocumentStillSaysSoOnAStoreWithoutLag() {
        try (FileDocumentStore store = new FileDocumentStore(dir)) {
            JsonDocuments<Counter> counters = new JsonDocuments<>(store, Counter.class);
            assertThatThrownBy(() -> counters.update("counter.none", c -> c))
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessageStartingWith("no document 'counter.none' in ");
        }
    }
}
