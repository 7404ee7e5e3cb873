package io.dubboai.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3ClientsTest {

    @Test
    void create_endpointWithCredentials_isRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> S3Clients.create("http://AKIAKEY:wJalrSecret@minio:9000", "us-east-1", true, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3 endpoint 'http://AKIAKEY:***@minio:9000' carries credentials")
                .hasMessageContaining("AWS default provider chain")
                .hasMessageNotContaining("wJalrSecret");
        assertThatThrownBy(() -> S3Clients.endpoint("http://minio:9000?X-Amz-Credential=abc"))
                .hasMessageContaining("X-Amz-Credential=***")
                .hasMessageNotContaining("abc");
    }

    @Test
    void endpoint_plain_isKept() {
        assertThat(S3Clients.endpoint("http://127.0.0.1:9000").getPort()).isEqualTo(9000);
    }
}
