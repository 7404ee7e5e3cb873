package io.dubboai.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    @TempDir
    Path dir;

    @Test
    void pagesShouldBeNewestFirstAcrossSegments() {
        AuditLog log = new AuditLog(new FileDocumentStore(dir), JSON, 1000);
        int count = AuditLog.SEGMENT_SIZE + 50;
        for (int i = 0; i < count; i++) {
            log.append(entry("action-" + i));
        }
        AuditPage first = log.page(0, 10);
        assertThat(first.total()).isEqualTo(count);
        assertThat(first.entries()).extracting(AuditEntry::action).startsWith("action-" + (count - 1));
        assertThat(first.entries().get(0).seq()).isEqualTo(AuditLog.SEGMENT_SIZE + 49L);
        // a page that spans the segment boundary
        AuditPage spanning = log.page(5, 10);
        assertThat(spanning.entries())
                .extracting(AuditEntry::action)
                .containsExactly(java.util.stream.IntStream.rangeClosed(0, 9)
                        .mapToObj(i -> "action-" + (count - 51 - i))
                        .toArray(String[]::new));
        assertThat(log.page(100, 10).entries()).isEmpty();
    }

    @Test
    void oldSegmentsBeyondCapacityShouldBeDropped() {
        AuditLog log = new AuditLog(new FileDocumentStore(dir), JSON, AuditLog.SEGMENT_SIZE * 2);
        for (int i = 0; i < AuditLog.SEGMENT_SIZE * 3 + 1; i++) {
            log.append(entry("a" + i));
        }
        AuditPage page = log.page(0, 500);
        assertThat(page.total()).isEqualTo(AuditLog.SEGMENT_SIZE + 1L);
        assertThat(page.entries()).extracting(AuditEntry::action).doesNotContain("a0", "a399");
    }

    @Test
    void badPageArgumentsShouldSayTheAllowedRange() {
        AuditLog log = new AuditLog(new FileDocumentStore(dir), JSON, 1000);
        assertThatThrownBy(() -> log.page(0, 0)).hasMessage("size must be 1..500, but was 0");
        assertThatThrownBy(() -> log.page(-1, 10)).hasMessage("page must be 0 or more, but was -1");
    }

    @Test
    void twoReplicasAppendingAtOnceShouldLoseNoEntry() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir.resolve("zk"), 0);
                DocumentStore storeA = ConfigCenterDocumentStore.open(zk.dubboAddress(), "audit");
                DocumentStore storeB = ConfigCenterDocumentStore.open(zk.dubboAddress(), "audit")) {
            AuditLog replicaA = new AuditLog(storeA, JSON, 1000);
            AuditLog replicaB = new AuditLog(storeB, JSON, 1000);
            int perReplica = 120; // together they cross a segment boundary (200)
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<CompletableFuture<List<AuditEntry>>> writers = new ArrayList<>();
                for (AuditLog replica : List.of(replicaA, replicaB)) {
                    writers.add(CompletableFuture.supplyAsync(
                            () -> {
                                List<AuditEntry> written = new ArrayList<>();
                                for (int i = 0; i < perReplica; i++) {
                                    written.add(replica.append(entry("w" + i)));
                                }
                                return written;
                            },
                            pool));
                }
                Set<Long> seqs = new HashSet<>();
                for (CompletableFuture<List<AuditEntry>> writer : writers) {
                    writer.get().forEach(e -> seqs.add(e.seq()));
                }
                assertThat(seqs).hasSize(2 * perReplica);
                AuditPage all = replicaA.page(0, 500);
                assertThat(all.total()).isEqualTo(2L * perReplica);
                assertThat(all.entries()).extracting(AuditEntry::seq).doesNotHaveDuplicates();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static AuditEntry entry(String action) {
        return new AuditEntry(0, Instant.parse("2026-01-01T00:00:00Z"), "tester", action, "target", null, null, 200);
    }
}
