package io.dubboai.serving.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactResolverTest {

    @TempDir
    Path dir;

    private ArtifactResolver resolver(ArtifactPolicy policy) {
        return new ArtifactResolver(policy, scheme -> new FileArtifactFetcher(), dir);
    }

    private Path file(String relative, String content) throws Exception {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        return path;
    }

    @Test
    void resolveWhenChecksumMatchesShouldReturnTheFile() throws Exception {
        Path model = file("models/m/1/model.onnx", "weights");
        String sha = ArtifactResolver.sha256("m", model);

        assertThat(resolver(ArtifactPolicy.filesUnder(dir.resolve("models")))
                        .resolve("m", model.toUri().toString(), sha.toUpperCase()))
                .isEqualTo(model);
        assertThat(sha)
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest("weights".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void resolveWhenChecksumDiffersShouldSayBothDigests() throws Exception {
        Path model = file("model.onnx", "weights");
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> resolver(ArtifactPolicy.ANY_FILE)
                        .resolve("m", model.toUri().toString(), wrong))
                .isInstanceOfSatisfying(
                        ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ARTIFACT))
                .hasMessageContaining(
                        "has SHA-256 " + ArtifactResolver.sha256("m", model) + " but " + wrong + " was expected");
    }

    @Test
    void resolveWhenPathHasDotDotSegmentShouldRefuse() {
        assertThatThrownBy(() -> resolver(ArtifactPolicy.ANY_FILE)
                        .resolve("m", "file:///models/m/../../etc/passwd", "0".repeat(64)))
                .hasMessageContaining("contains a '..' path segment");
    }

    @Test
    void resolveWhenFileUriHasQueryOrFragmentShouldRefuseWithServingError() {
        for (String uri : new String[] {"file:///models/m.onnx?x=1", "file:///models/m.onnx#frag"}) {
            assertThatThrownBy(() -> resolver(ArtifactPolicy.ANY_FILE).resolve("m", uri, "0".repeat(64)))
                    .as(uri)
                    .isInstanceOf(io.dubboai.serving.ServingException.class)
                    .hasMessageContaining("has a query or fragment");
        }
    }

    @Test
    void resolveWhenSchemeNotAllowedShouldListAllowedSchemes() {
        assertThatThrownBy(() ->
                        resolver(ArtifactPolicy.ANY_FILE).resolve("m", "http://example.org/model.onnx", "0".repeat(64)))
                .hasMessageContaining("has scheme 'http', which is not allowed; allowed schemes: [file]");
        assertThatThrownBy(() -> resolver(new ArtifactPolicy(Set.of("file", "s3"), Optional.empty()))
                        .resolve("m", "models/model.onnx", "0".repeat(64)))
                .hasMessageContaining("has scheme '', which is not allowed");
    }

    @Test
    void resolveWhenFileOutsideRootShouldRefuseEvenThroughSymlink() throws Exception {
        Path outside = file("outside/model.onnx", "weights");
        Path root = Files.createDirectories(dir.resolve("root"));
        Path link = Files.createSymbolicLink(root.resolve("link.onnx"), outside);
        String sha = ArtifactResolver.sha256("m", outside);

        assertThatThrownBy(() -> resolver(ArtifactPolicy.filesUnder(root))
                        .resolve("m", outside.toUri().toString(), sha))
                .hasMessageContaining("points outside the allowed artifact root");
        assertThatThrownBy(() -> resolver(ArtifactPolicy.filesUnder(root))
                        .resolve("m", link.toUri().toString(), sha))
                .hasMessageContaining("points outside the allowed artifact root");
    }

    @Test
    void resolveWhenChecksumMalformedOrFileMissingShouldSaySo() {
        assertThatThrownBy(() -> resolver(ArtifactPolicy.ANY_FILE)
                        .resolve("m", dir.resolve("x").toUri().toString(), "abc"))
                .hasMessageContaining("is not 64 hexadecimal digits");
        assertThatThrownBy(() -> resolver(ArtifactPolicy.ANY_FILE)
                        .resolve("m", dir.resolve("missing.onnx").toUri().toString(), "0".repeat(64)))
                .hasMessageContaining("is not a readable file");
    }

    @Test
    void directoryOfShouldAdmitTheConfiguredArtifactAndRefuseFilesElsewhere() throws Exception {
        Path model = file("models/m/1/model.onnx", "weights");
        Path other = file("secrets/model.onnx", "weights");
        String sha = ArtifactResolver.sha256("m", model);
        ArtifactPolicy policy = ArtifactPolicy.directoryOf(model.toUri().toString());

        assertThat(policy.confined()).isTrue();
        assertThat(resolver(policy).resolve("m", model.toUri().toString(), sha)).isEqualTo(model);
        assertThatThrownBy(() -> resolver(policy).resolve("m", other.toUri().toString(), sha))
                .hasMessageContaining("points outside the allowed artifact root");
        assertThat(ArtifactPolicy.directoryOf("s3://bucket/m/model.onnx").confined())
                .isFalse();
    }
}
