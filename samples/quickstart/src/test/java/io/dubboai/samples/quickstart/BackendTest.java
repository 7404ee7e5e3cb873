package io.dubboai.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

final class BackendTest {

    @Test
    void nacos_hostAndPort_universalInTheGivenNamespace() {
        Backend backend = Backend.nacos(" nacos://127.0.0.1:8848 ", "run-1");

        assertThat(backend.universal()).isTrue();
        assertThat(backend.nacos()).isEqualTo("nacos://127.0.0.1:8848?namespace=run-1");
        assertThat(backend.namespace()).isEqualTo("run-1");
    }

    @Test
    void nacos_noNamespaceGiven_aFreshOneNamedForTheQuickstart() {
        assertThat(Backend.nacos("nacos://127.0.0.1:8848").namespace()).startsWith(Backend.NAMESPACE_PREFIX);
        assertThat(Backend.EMBEDDED.universal()).isFalse();
        assertThat(Backend.EMBEDDED.namespace()).isNull();
    }

    @Test
    void nacos_notANacosHostAndPort_saysWhatToPass() {
        for (String bad : new String[] {"zookeeper://127.0.0.1:2181", "127.0.0.1:8848", "nacos://127.0.0.1", "x y"}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> Backend.nacos(bad))
                    .withMessageContaining("--nacos " + bad)
                    .withMessageContaining("nacos://127.0.0.1:8848");
        }
    }

    @Test
    void nacos_parametersOrCredentials_refusedBecauseTheQuickstartPicksTheNamespace() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Backend.nacos("nacos://127.0.0.1:8848?namespace=prod"))
                .withMessageContaining("picks a namespace of its own");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Backend.nacos("nacos://nacos:secret@127.0.0.1:8848"))
                .withMessageContaining("credentials")
                .withMessageNotContaining("secret@");
    }
}
