package io.dubboai.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.testing.Concurrently;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DocumentStore} backend must do; each backend's test extends this kit. Keys are unique per test, so
 * backends on a shared server need no clean-up. Reads after a write are awaited: on Nacos a read may lag a write for
 * a moment (see {@link DocumentStore}).
 */
abstract class DocumentStoreContract {

    protected DocumentStore store;
    private String prefix = "";

    /** A store; a backend on a shared server may return one whose earlier documents remain. */
    protected abstract DocumentStore createStore() throws Exception;

    /** A second store on the same backend, as another replica would hold it. */
    protected abstract DocumentStore createOtherStore() throws Exception;

    /**
     * Whether two creators racing for an absent key always leave exactly one winner. True for files, ZooKeeper and
     * Kubernetes; Nacos checks and inserts in two steps on the server, so creators within a few milliseconds of each
     * other may both succeed (the later write stays).
     */
    protected boolean exactConcurrentCreate() {
        return true;
    }

    @BeforeEach
    void open() throws Exception {
        store = createStore();
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private String key(String name) {
        return prefix + name;
    }

    private Optional<String> awaitContent(DocumentStore in, String key, @Nullable String expected) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Objects.equals(in.read(key).map(Document::content).orElse(null), expected));
        return in.read(key).map(Document::content);
    }

    @Test
    void readWhenMissingShouldBeEmpty() {
        assertThat(store.read(key("missing"))).isEmpty();
    }

    @Test
    void createShouldSucceedOnceThenLoseToTheExistingDocument() {
        assertThat(store.create(key("doc"), "{\"v\":1}")).isTrue();
        awaitContent(store, key("doc"), "{\"v\":1}");
        assertThat(store.create(key("doc"), "{\"v\":2}")).isFalse();
        assertThat(store.compareAndSet(key("doc"), "{\"v\":2}", null)).isFalse();
        assertThat(awaitContent(store, key("doc"), "{\"v\":1}")).hasValue("{\"v\":1}");
    }

    @Test
    void replaceWithAStaleTicketShouldLoseAndKeepTheWinner() {
        store.create(key("doc"), "{\"v\":1}");
        awaitContent(store, key("doc"), "{\"v\":1}");
        Document first = store.read(key("doc")).orElseThrow();
        assertThat(store.replace(key("doc"), "{\"v\":2}", first.ticket())).isTrue();
        // a second writer that read before the first write must lose
        assertThat(store.replace(key("doc"), "{\"v\":3}", first.ticket())).isFalse();
        awaitContent(store, key("doc"), "{\"v\":2}");
        assertThat(store.replace(
                        key("doc"),
                        "{\"v\":3}",
                        store.read(key("doc")).orElseThrow().ticket()))
                .isTrue();
    }

    @Test
    void concurrentCreatorsOnTwoStoresShouldHaveExactlyOneWinner() throws Exception {
        try (DocumentStore other = createOtherStore()) {
            for (int round = 0; round < 3; round++) {
                String key = key("race" + round);
                List<Callable<Boolean>> creators = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    DocumentStore by = i % 2 == 0 ? store : other;
                    String content = "{\"by\":" + i + "}";
                    creators.add(() -> by.create(key, content));
                }
                List<Boolean> results = Concurrently.runTogether(creators);
                if (exactConcurrentCreate()) {
                    assertThat(results).as("creators of %s", key).containsOnlyOnce(true);
                    String winner = "{\"by\":" + results.indexOf(true) + "}";
                    assertThat(awaitContent(other, key, winner)).hasValue(winner);
                } else {
                    assertThat(results).as("creators of %s", key).contains(true);
                    await().atMost(Duration.ofSeconds(10)).until(() -> other.read(key)
                            .map(d -> results.get(Integer.parseInt(d.content().replaceAll("\\D", ""))))
                            .orElse(false));
                }
            }
        }
    }

    @Test
    void concurrentIncrementsOnTwoStoresShouldLoseNoUpdate() throws Exception {
        String key = key("counter");
        store.create(key, "0");
        awaitContent(store, key, "0");
        try (DocumentStore other = createOtherStore()) {
            List<Callable<Integer>> writers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                DocumentStore by = i % 2 == 0 ? store : other;
                writers.add(() -> {
                    int done = 0;
                    while (done < 5) {
                        Document current = by.read(key).orElseThrow();
                        int next = Integer.parseInt(current.content()) + 1;
                        if (by.replace(key, Integer.toString(next), current.ticket())) {
                            done++;
                        }
                    }
                    return done;
                });
            }
            Concurrently.runTogether(writers);
        }
        assertThat(awaitContent(store, key, "20")).hasValue("20");
    }

    @Test
    void deleteShouldRemoveTheDocumentAndBeIdempotent() {
        store.create(key("doc"), "{}");
        awaitContent(store, key("doc"), "{}");
        store.delete(key("doc"));
        awaitContent(store, key("doc"), null);
        store.delete(key("doc"));
        assertThat(store.read(key("doc"))).isEmpty();
    }

    @Test
    void watchShouldHearCreationChangeAndDeletion() {
        List<String> heard = new CopyOnWriteArrayList<>();
        String key = key("watched");
        store.watch(key, (k, content) -> heard.add(content == null ? "<deleted>" : content));
        store.create(key, "{\"v\":1}");
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("{\"v\":1}"));
        awaitContent(store, key, "{\"v\":1}");
        store.replace(key, "{\"v\":2}", store.read(key).orElseThrow().ticket());
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("{\"v\":2}"));
        store.delete(key);
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("<deleted>"));
        store.unwatch(key);
    }
}
