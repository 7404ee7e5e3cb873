package io.dubboai.monitor.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.junit.jupiter.api.Test;

class SketchSetTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-01T10:05:00Z");
    private static final Instant T2 = Instant.parse("2026-12-01T10:10:00Z");

    @Test
    void toBytes_thenFromBytes_keepsWindowFeaturesAndCounts() {
        SketchSet set = replica(T0, T1, 1, 5_000);

        SketchSet read = SketchSet.fromBytes(set.toBytes());

        assertThat(read.start()).isEqualTo(T0);
        assertThat(read.end()).isEqualTo(T1);
        assertThat(read.featureNames()).containsExactly("amount", "country");
        assertThat(read.features().get("amount").count()).isEqualTo(5_000);
        assertThat(read.features().get("country").categories().getEstimate("de"))
                .isEqualTo(set.features().get("country").categories().getEstimate("de"));
        assertThat(read.features().get("amount").numbers().getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE))
                .isEqualTo(set.features().get("amount").numbers().getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE));
    }

    @Test
    void merge_ofBytesFromTwoReplicas_countsTheUnionAndSpansBothWindows() {
        byte[] fromReplicaA = replica(T0, T1, 1, 3_000).toBytes();
        byte[] fromReplicaB = replica(T1, T2, 2, 2_000).toBytes();

        SketchSet merged = SketchSet.fromBytes(fromReplicaA).merge(SketchSet.fromBytes(fromReplicaB));

        assertThat(merged.start()).isEqualTo(T0);
        assertThat(merged.end()).isEqualTo(T2);
        assertThat(merged.features().get("amount").count()).isEqualTo(5_000);
        assertThat(merged.features().get("country").count()).isEqualTo(5_000);
        // both replicas drew from one distribution: the merged median is close to its true median (0)
        assertThat(merged.features().get("amount").numbers().getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE))
                .isBetween(-0.1, 0.1);
    }

    @Test
    void fromBytes_otherFormatVersion_failsSayingWhichVersionsAndWhatToDo() {
        byte[] bytes = replica(T0, T1, 1, 10).toBytes();
        ByteBuffer.wrap(bytes).putInt(4, SketchSet.FORMAT_VERSION + 1);

        assertThatThrownBy(() -> SketchSet.fromBytes(bytes))
                .isInstanceOf(IncompatibleSketchException.class)
                .hasMessage("sketch set has format version 2, this reader understands version 1; read it with the "
                        + "dubbo-ai-monitor version that wrote it, or upgrade this process");
    }

    @Test
    void fromBytes_notASketchOrTruncatedOrCorruptInside_failsClearly() {
        byte[] bytes = replica(T0, T1, 1, 1_000).toBytes();

        assertThatThrownBy(() -> SketchSet.fromBytes("{\"json\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IncompatibleSketchException.class)
                .hasMessageStartingWith("not a dubbo-ai sketch set");
        assertThatThrownBy(() -> SketchSet.fromBytes(Arrays.copyOf(bytes, bytes.length - 10)))
                .isInstanceOf(IncompatibleSketchException.class)
                .hasMessageContaining("truncated");
        // DataSketches' own header of the first sketch: its serial version byte, right after the name and kind
        byte[] corrupt = bytes.clone();
        int firstSketch = 4 + 4 + 8 + 8 + 4 + 2 + "amount".length() + 1 + 4;
        corrupt[firstSketch + 1] = 99;
        assertThatThrownBy(() -> SketchSet.fromBytes(corrupt))
                .isInstanceOf(IncompatibleSketchException.class)
                .hasMessageContaining("cannot read a NUMERIC sketch")
                .hasMessageContaining("incompatible DataSketches version or is corrupt");
    }

    @Test
    void merge_featureOfDifferentKinds_isRefused() {
        SketchSet a = SketchSet.empty(T0, T1);
        a.sketch("x", FeatureKind.NUMERIC, 200, 64).update(1.0);
        SketchSet b = SketchSet.empty(T0, T1);
        b.sketch("x", FeatureKind.CATEGORICAL, 200, 64).update("1");

        assertThatThrownBy(() -> a.merge(b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot merge a CATEGORICAL sketch into a NUMERIC sketch");
    }

    private static SketchSet replica(Instant start, Instant end, long seed, int rows) {
        Random random = new Random(seed);
        String[] countries = {"de", "fr", "it", "cn"};
        SketchSet set = SketchSet.empty(start, end);
        for (int i = 0; i < rows; i++) {
            set.sketch("amount", FeatureKind.NUMERIC, 200, 64).update(random.nextGaussian());
            set.sketch("country", FeatureKind.CATEGORICAL, 200, 64).update(countries[random.nextInt(4)]);
        }
        return set;
    }
}
