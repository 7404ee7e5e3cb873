package io.dubboai.modelhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.fleet.FleetDocuments;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelHostConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put("dubbo.ai.host.id", "gpu-host-1");
        settings.put("dubbo.ai.host.registry-address", "zookeeper://127.0.0.1:2181");
        settings.put("dubbo.ai.host.model-registry-url", "http://127.0.0.1:8080");
        return settings;
    }

    @Test
    void fromPropertiesWithTheRequiredKeysShouldApplyTheDocumentedDefaults() {
        ModelHostConfig config = ModelHostConfig.fromProperties(minimal());

        assertThat(config.configCenterAddress()).isEqualTo("zookeeper://127.0.0.1:2181");
        assertThat(config.documentGroup()).isEqualTo(FleetDocuments.DEFAULT_GROUP);
        assertThat(config.port()).isEqualTo(50051);
        assertThat(config.memoryBudgetBytes()).isEqualTo(4L << 30);
        assertThat(config.drainGrace()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.artifactSchemes()).containsExactlyInAnyOrder("s3", "https", "file");
    }

    @Test
    void fromPropertiesWithATypoShouldNameTheUnknownKey() {
        Map<String, String> settings = minimal();
        settings.put("dubbo.ai.host.memory-budget", "1000");

        assertThatThrownBy(() -> ModelHostConfig.fromProperties(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model host settings [dubbo.ai.host.memory-budget]")
                .hasMessageContaining("dubbo.ai.host.memory-budget-bytes");
    }

    @Test
    void fromPropertiesWithBadValuesShouldNameTheSetting() {
        Map<String, String> missing = minimal();
        missing.remove("dubbo.ai.host.id");
        assertThatThrownBy(() -> ModelHostConfig.fromProperties(missing))
                .hasMessageContaining("dubbo.ai.host.id is required");

        Map<String, String> notANumber = minimal();
        notANumber.put("dubbo.ai.host.port", "fifty");
        assertThatThrownBy(() -> ModelHostConfig.fromProperties(notANumber))
                .hasMessageContaining("dubbo.ai.host.port is 'fifty'; give a whole number");

        Map<String, String> badId = minimal();
        badId.put("dubbo.ai.host.id", "GPU_1");
        assertThatThrownBy(() -> ModelHostConfig.fromProperties(badId)).hasMessageContaining("host id 'GPU_1'");

        Map<String, String> token = minimal();
        token.put("dubbo.ai.host.model-registry-token", "secret-value");
        assertThat(ModelHostConfig.fromProperties(token).describe()).noneMatch(line -> line.contains("secret-value"));
    }

    @Test
    void fromPropertiesOnANacosRegistryShouldRefuseSeveralVersionsPerPortAndSayWhatToDo() {
        Map<String, String> nacos = minimal();
        nacos.put("dubbo.ai.host.registry-address", "nacos://127.0.0.1:8848");
        assertThatThrownBy(() -> ModelHostConfig.fromProperties(nacos))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dubbo.ai.host.registry-address is a Nacos registry")
                .hasMessageContaining("unregisters every provider URL at the host's ip:port")
                .hasMessageContaining("Set dubbo.ai.host.max-versions=1")
                .hasMessageContaining("or use a ZooKeeper registry");

        nacos.put("dubbo.ai.host.max-versions", "2");
        assertThatThrownBy(() -> ModelHostConfig.fromProperties(nacos))
                .hasMessageContaining("Set dubbo.ai.host.max-versions=1")
                .hasMessageContaining("(dubbo.ai.host.max-versions is 2)");

        nacos.put("dubbo.ai.host.max-versions", "1");
        ModelHostConfig one = ModelHostConfig.fromProperties(nacos);
        assertThat(one.maxVersions()).isEqualTo(1);
        assertThat(one.describe()).contains("max-versions=1");

        // ZooKeeper: no limit by default, any limit allowed
        assertThat(ModelHostConfig.fromProperties(minimal()).maxVersions()).isZero();
        Map<String, String> zooKeeper = minimal();
        zooKeeper.put("dubbo.ai.host.max-versions", "3");
        assertThat(ModelHostConfig.fromProperties(zooKeeper).maxVersions()).isEqualTo(3);
        zooKeeper.put("dubbo.ai.host.max-versions", "-1");
        assertThatThrownBy(() -> ModelHostConfig.fromProperties(zooKeeper))
                .hasMessageContaining("dubbo.ai.host.max-versions must be >= 0 (0: no limit), but was -1");
    }
}
