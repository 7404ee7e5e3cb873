package io.dubboai.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DocumentStore} backend must do; each backend's test extends this kit. */
abstract class DocumentStoreContract {

    protected DocumentStore store;

    /** A fresh, empty store. */
    protected abstract DocumentStore createStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void readWhenMissingShouldBeEmpty() {
        assertThat(store.read("missing")).isEmpty();
    }

    @Test
    void createOnlyShouldSucceedOnceThenLoseToExistingDocument() {
        assertThat(store.compareAndSet("doc", "{\"v\":1}", null)).isTrue();
        assertThat(store.compareAndSet("doc", "{\"v\":2}", null)).isFalse();
        assertThat(store.read("doc")).map(DocumentStore.Versioned::content).hasValue("{\"v\":1}");
    }

    @Test
    void compareAndSetWithStaleTicketShouldLoseAndKeepTheWinner() {
        store.compareAndSet("doc", "{\"v\":1}", null);
        DocumentStore.Versioned first = store.read("doc").orElseThrow();
        assertThat(store.compareAndSet("doc", "{\"v\":2}", first.ticket())).isTrue();
        // a second writer that read before the first write must lose
        assertThat(store.compareAndSet("doc", "{\"v\":3}", first.ticket())).isFalse();
        Optional<DocumentStore.Versioned> now = store.read("doc");
        assertThat(now).map(DocumentStore.Versioned::content).hasValue("{\"v\":2}");
        assertThat(store.compareAndSet("doc", "{\"v\":3}", now.orElseThrow().ticket()))
                .isTrue();
    }

    @Test
    void removeShouldDeleteTheDocument() {
        store.compareAndSet("doc", "{}", null);
        store.remove("doc");
        assertThat(store.read("doc")).isEmpty();
        store.remove("doc");
    }
}
