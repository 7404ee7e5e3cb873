package io.dubboai.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every form of credential an address can carry, masked; everything else left as it was. */
final class SecretsTest {

    static Stream<Arguments> addresses() {
        return Stream.of(
                // user information
                Arguments.of("nacos://nacos:s3cret@10.0.0.1:8848", "nacos://nacos:***@10.0.0.1:8848"),
                Arguments.of("zookeeper://admin:p%40ss@zk:2181/root", "zookeeper://admin:***@zk:2181/root"),
                Arguments.of("http://AKIAKEY:wJalrXUtn@minio:9000", "http://AKIAKEY:***@minio:9000"),
                Arguments.of("https://ghp_tokenonly@host/x", "https://***@host/x"),
                // a password with '@' and '/' in it is masked whole: the last '@' before the query ends it
                Arguments.of("nacos://u:pa@ss/w0rd@host:8848?namespace=a", "nacos://u:***@host:8848?namespace=a"),
                Arguments.of("nacos://u:p@h1:8848,h2:8848", "nacos://u:***@h1:8848,h2:8848"),
                // query parameters, any case, any separator
                Arguments.of(
                        "nacos://h:8848?username=nacos&password=s3cret&namespace=dev",
                        "nacos://h:8848?username=nacos&password=***&namespace=dev"),
                Arguments.of(
                        "nacos://h:8848?accessKey=AK1&secretKey=SK2", "nacos://h:8848?accessKey=***&secretKey=***"),
                Arguments.of("zookeeper://h:2181?PASSWORD=x#frag", "zookeeper://h:2181?PASSWORD=***#frag"),
                Arguments.of(
                        "s3://b/k?X-Amz-Signature=abc&X-Amz-Credential=def",
                        "s3://b/k?X-Amz-Signature=***&X-Amz-Credential=***"),
                Arguments.of(
                        "x://h?secret_key=a&api-key=b&auth.token=c&pwd=d",
                        "x://h?secret_key=***&api-key=***&auth.token=***&pwd=***"),
                // both at once, and addresses quoted inside a message
                Arguments.of(
                        "cannot reach nacos://u:pw@h:8848?password=pw2; check 'zookeeper://a:b@zk:2181' and retry",
                        "cannot reach nacos://u:***@h:8848?password=*** check 'zookeeper://a:***@zk:2181' and retry"),
                Arguments.of("zookeeper://h1:2181,nacos://u:p@h2:8848", "zookeeper://h1:2181,nacos://u:***@h2:8848"),
                // nothing to mask: returned unchanged
                Arguments.of("zookeeper://127.0.0.1:2181?backup=h2:2181", "zookeeper://127.0.0.1:2181?backup=h2:2181"),
                Arguments.of(
                        "nacos://h:8848?username=nacos&namespace=dev", "nacos://h:8848?username=nacos&namespace=dev"),
                Arguments.of("s3://models/fraud/1/model.onnx", "s3://models/fraud/1/model.onnx"),
                Arguments.of("no address here: what? & = @ ://", "no address here: what? & = @ ://"),
                Arguments.of("x://h?password=", "x://h?password="),
                Arguments.of("", ""));
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void maskAddress_masksPasswordsTokensAndSecretParameters(String address, String masked) {
        assertThat(Secrets.maskAddress(address)).isEqualTo(masked);
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void maskAddress_isIdempotent(String address, String masked) {
        assertThat(Secrets.maskAddress(masked)).isEqualTo(masked);
    }
}
