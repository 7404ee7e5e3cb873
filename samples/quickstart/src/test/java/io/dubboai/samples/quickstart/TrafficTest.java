package io.dubboai.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class TrafficTest {

    @Test
    void parse_reportLine_readsCallsPerAliasAndVersion() {
        Traffic traffic = Traffic.parse("[consumer] SERVED challenger:2=11 champion:1=8 champion:2=37 errors=3")
                .orElseThrow();

        assertThat(traffic.served("champion", "2")).isEqualTo(37);
        assertThat(traffic.total("champion")).isEqualTo(45);
        assertThat(traffic.served("challenger", "1")).isZero();
        assertThat(traffic.errors()).isEqualTo(3);
    }

    @Test
    void parse_otherLine_isEmpty() {
        assertThat(Traffic.parse("PROVIDER READY model=risk version=1")).isEmpty();
    }
}
