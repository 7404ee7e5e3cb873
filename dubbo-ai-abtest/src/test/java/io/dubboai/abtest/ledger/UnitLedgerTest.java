package io.dubboai.abtest.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.abtest.MetricKind;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.testing.ForwardingDocumentStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's size limit: a store with small documents fills up, and what does not fit is counted, not lost. */
class UnitLedgerTest {

    @TempDir
    Path temp;

    @Test
    void recordExposures_whenShardsAreFull_countsNewUnitsAsUntrackedAndRefusesTheirOutcomes() {
        DocumentStore small = new ForwardingDocumentStore(new FileDocumentStore(temp)) {
            @Override
            public int maxDocumentBytes() {
                return 2048;
            }
        };
        UnitLedger ledger = new UnitLedger(small);
        List<Exposure> exposures = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            exposures.add(new Exposure("user-" + i, i % 2 == 0 ? "control" : "treatment", Instant.now()));
        }

        ExposureReceipt receipt = ledger.recordExposures("small", Set.of("control", "treatment"), exposures);

        // every shard admits units up to 60 % of 2,048 bytes, the rest is counted per variant
        assertThat(receipt.newUnits()).isBetween(300L, 1_000L);
        assertThat(receipt.untracked()).isEqualTo(3_000 - receipt.newUnits());
        Tally tally =
                ledger.tally("small", List.of("control", "treatment"), Map.of("conversion", MetricKind.CONVERSION));
        assertThat(tally.variants().stream().mapToLong(VariantTally::exposed).sum())
                .isEqualTo(3_000);
        assertThat(tally.variant("control").exposed()).isEqualTo(1_500);
        // the last unit of the batch came after its shard was full (about 94 units per shard, about 18 admitted)
        String untracked = "user-2999";
        OutcomeReceipt outcomes = ledger.recordOutcomes(
                "small",
                Map.of("conversion", MetricKind.CONVERSION),
                List.of(new Outcome(untracked, "conversion", 1, null)));
        assertThat(outcomes.rejected())
                .singleElement()
                .extracting(Rejection::reason)
                .isEqualTo("unknown-unit");
    }
}
