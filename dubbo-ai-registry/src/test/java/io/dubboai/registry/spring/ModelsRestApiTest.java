package io.dubboai.registry.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dubboai.core.rule.RouteRuleCodec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The REST API under /api/v1/ai/models against the config-center store on a real ZooKeeper. */
class ModelsRestApiTest extends RegistryApplicationTestBase {

    private static final String MODELS = "/api/v1/ai/models";

    @Test
    void createGetUpdateAndDeleteModelShouldRoundTripWithAuditFields() {
        Reply created = call(
                "POST",
                MODELS,
                "{\"name\":\"churn\",\"description\":\"predicts churn\",\"tags\":{\"team\":\"growth\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("name").asText()).isEqualTo("churn");
        assertThat(created.body().get("owner").asText()).isEqualTo("anonymous");
        assertThat(created.body().at("/audit/createdBy").asText()).isEqualTo("anonymous");
        assertThat(created.body().at("/tags/team").asText()).isEqualTo("growth");

        Reply updated = call("PATCH", MODELS + "/churn", "{\"description\":\"v2\",\"owner\":\"team-growth\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(get(MODELS + "/churn").body().get("owner").asText()).isEqualTo("team-growth");
        assertThat(get(MODELS + "/churn").body().get("description").asText()).isEqualTo("v2");

        assertThat(call("DELETE", MODELS + "/churn", null).status()).isEqualTo(204);
        Reply gone = get(MODELS + "/churn");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().get("detail").asText()).contains("model 'churn' is not registered");
    }

    @Test
    void badInputShouldBeRejectedWithPreciseProblemDetailsAndWriteNothing() {
        int before = get(MODELS + "?pageSize=1000").body().get("totalSize").asInt();

        Reply invalidName = call("POST", MODELS, "{\"name\":\"bad name!\"}");
        assertThat(invalidName.status()).isEqualTo(400);
        assertThat(invalidName.body().get("detail").asText()).contains("model name 'bad name!'", "not allowed");
        assertThat(invalidName.text()).doesNotContain("\tat ", "Exception");

        Reply malformed = call("POST", MODELS, "{\"name\": \"x\", ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("detail").asText()).contains("not valid JSON");
        assertThat(malformed.text()).doesNotContain("\tat ");

        Reply noName = call("POST", MODELS, "{}");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body().get("detail").asText()).contains("name is missing");

        Reply longDescription =
                call("POST", MODELS, "{\"name\":\"long\",\"description\":\"" + "x".repeat(6000) + "\"}");
        assertThat(longDescription.status()).isEqualTo(400);
        assertThat(longDescription.body().get("detail").asText()).contains("6000 characters", "at most 5000");

        assertThat(get(MODELS + "?pageSize=1000").body().get("totalSize").asInt())
                .isEqualTo(before);
        assertThat(get(MODELS + "/long").status()).isEqualTo(404);

        assertThat(call("POST", MODELS, "{\"name\":\"dup\"}").status()).isEqualTo(201);
        Reply duplicate = call("POST", MODELS, "{\"name\":\"dup\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().get("detail").asText()).contains("model 'dup' already exists");
        assertThat(duplicate.body().get("reason").asText()).isEqualTo("ALREADY_EXISTS");
    }

    @Test
    void versionsShouldBeNumberedAndRejectUnknownVersionsDisallowedUrisAndOversizeDocuments() {
        call("POST", MODELS, "{\"name\":\"fraud\"}");
        Reply first = call(
                "POST",
                MODELS + "/fraud/versions",
                "{\"format\":\"onnx\",\"runtime\":\"onnxruntime\",\"metrics\":{\"auc\":0.91},"
                        + "\"signature\":{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,4]}],"
                        + "\"outputs\":[]},\"lineage\":{\"sourceRun\":\"run-7\",\"dataset\":\"s3://data/fraud\"}}");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("version").asLong()).isEqualTo(1);
        assertThat(first.body().get("status").asText()).isEqualTo("PENDING");
        assertThat(first.body().at("/metrics/auc").asDouble()).isEqualTo(0.91);
        assertThat(first.body().at("/lineage/sourceRun").asText()).isEqualTo("run-7");

        Reply unknown = get(MODELS + "/fraud/versions/42");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("detail").asText()).contains("model 'fraud' has no version 42");
        Reply notANumber = get(MODELS + "/fraud/versions/abc");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.body().get("detail").asText()).contains("'abc' is not a number");

        for (String uri : List.of(
                "http://evil.example/model.onnx",
                "file:/etc/passwd",
                "s3://other-bucket/m.onnx",
                "s3://models/../secrets/key")) {
            Reply refused = call("POST", MODELS + "/fraud/versions", "{\"artifactUri\":\"" + uri + "\"}");
            assertThat(refused.status()).as(uri).isEqualTo(400);
            assertThat(refused.body().get("detail").asText()).as(uri).contains("artifact URI '" + uri + "'");
        }

        String hugeTags = Stream.iterate(0, i -> i + 1)
                .limit(30)
                .map(i -> "\"t" + i + "\":\"" + "v".repeat(5000) + "\"")
                .reduce((a, b) -> a + "," + b)
                .orElseThrow();
        Reply oversize = call("POST", MODELS + "/fraud/versions", "{\"tags\":{" + hugeTags + "}}");
        assertThat(oversize.status()).isEqualTo(413);
        assertThat(oversize.body().get("detail").asText()).contains("bytes", "at most 102400");

        // nothing of the rejected requests was written: the next version is 2
        Reply second = call("POST", MODELS + "/fraud/versions", "{\"artifactUri\":\"s3://models/fraud/2/m.onnx\"}");
        assertThat(second.body().get("version").asLong()).isEqualTo(2);
        assertThat(get(MODELS + "/fraud/versions").body().get("totalSize").asInt())
                .isEqualTo(2);
    }

    @Test
    void uploadShouldVerifyTheChecksumAndDownloadShouldReturnTheVerifiedBytes() throws Exception {
        call("POST", MODELS, "{\"name\":\"uploads\"}");
        call("POST", MODELS + "/uploads/versions", "{}");
        // not an ONNX file: stored as it is (a .onnx name would have its signature read, see the test below)
        byte[] bytes = "model-bytes".getBytes(StandardCharsets.UTF_8);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        Reply mismatch = upload("/uploads/versions/1/artifact?fileName=model.bin&sha256=" + "0".repeat(64), bytes);
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.body().get("detail").asText()).contains("has SHA-256 " + sha, "but " + "0".repeat(64));
        assertThat(get(MODELS + "/uploads/versions/1").body().get("status").asText())
                .isEqualTo("PENDING");
        try (Stream<java.nio.file.Path> files = Files.walk(ARTIFACTS)) {
            assertThat(files.filter(Files::isRegularFile)
                            .filter(p -> p.toString().contains("uploads")))
                    .isEmpty();
        }

        Reply traversal = upload("/uploads/versions/1/artifact?fileName=..%2F..%2Fescape", bytes);
        assertThat(traversal.status()).isEqualTo(400);
        assertThat(traversal.body().get("detail").asText()).contains("artifact file name");

        Reply stored = upload("/uploads/versions/1/artifact?fileName=model.bin&sha256=" + sha, bytes);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.body().get("status").asText()).isEqualTo("READY");
        assertThat(stored.body().get("checksum").asText()).isEqualTo(sha);

        HttpResponse<byte[]> download = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + MODELS + "/uploads/versions/1/artifact"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes);
        assertThat(download.headers().firstValue("X-Checksum-Sha256")).hasValue(sha);

        // a tampered artifact is refused on read
        java.nio.file.Path file = java.nio.file.Path.of(
                URI.create(stored.body().get("artifactUri").asText()));
        Files.writeString(file, "tampered");
        Reply tampered = get(MODELS + "/uploads/versions/1/artifact");
        assertThat(tampered.status()).isEqualTo(422);
        assertThat(tampered.text()).contains("but " + sha + " was expected");
    }

    @Test
    void uploadLargerThanTheLimitShouldBe413NamingTheLimitAndStoreNothing() throws Exception {
        String model = "oversize-upload";
        call("POST", MODELS, "{\"name\":\"" + model + "\"}");
        call("POST", MODELS + "/" + model + "/versions", "{}");
        String path = "/" + model + "/versions/1/artifact?fileName=model.bin";

        // the declared Content-Length is over the limit: refused before the body is read
        Reply declared = upload(path, new byte[UPLOAD_LIMIT + 1]);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(declared.body().get("detail").asText())
                .contains("Content-Length " + (UPLOAD_LIMIT + 1) + " bytes", "upload limit of 64 KiB (65536 bytes)")
                .contains("raise dubbo.ai.registry.artifacts.max-upload-size", "nothing was stored");
        assertThat(declared.body().get("maxBytes").asLong()).isEqualTo(UPLOAD_LIMIT);
        assertThat(declared.body().get("property").asText()).isEqualTo("dubbo.ai.registry.artifacts.max-upload-size");
        assertThat(declared.body().get("reason").asText()).isEqualTo("TOO_LARGE");

        // no length declared (chunked): refused as soon as the stream passes the limit, mid-upload
        Reply streamed = uploadChunked(path, new byte[4 * UPLOAD_LIMIT]);
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.body().get("detail").asText()).contains("upload limit of 64 KiB (65536 bytes)");

        // nothing was kept, not even a temporary file, and the version is still waiting for its artifact
        try (Stream<java.nio.file.Path> files = Files.walk(ARTIFACTS)) {
            assertThat(files.filter(Files::isRegularFile)
                            .filter(p -> p.toString().contains(model)))
                    .isEmpty();
        }
        assertThat(get(MODELS + "/" + model + "/versions/1")
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("PENDING");

        // exactly the limit is accepted, streamed or declared
        Reply fits = uploadChunked(path, new byte[UPLOAD_LIMIT]);
        assertThat(fits.status()).as(fits.text()).isEqualTo(200);
        assertThat(fits.body().get("status").asText()).isEqualTo("READY");
    }

    @Test
    void uploadOfAnOnnxFileShouldRecordTheSignatureReadFromIt() throws Exception {
        call("POST", MODELS, "{\"name\":\"signed\"}");
        call("POST", MODELS + "/signed/versions", "{\"format\":\"onnx\"}");
        byte[] model = io.dubboai.registry.artifact.OnnxFiles.logisticRegression(4, true, 64);

        Reply stored = upload("/signed/versions/1/artifact?fileName=model.onnx", model);

        assertThat(stored.status()).isEqualTo(200);
        JsonNode signature = get(MODELS + "/signed/versions/1").body().get("signature");
        assertThat(signature.get("inputs")).hasSize(2);
        assertThat(signature.get("inputs").get(0).get("name").asText()).isEqualTo("x");
        assertThat(signature.get("inputs").get(0).get("datatype").asText()).isEqualTo("FP32");
        assertThat(signature.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,4]");
        assertThat(signature.get("outputs").get(0).get("name").asText()).isEqualTo("probability");
    }

    @Test
    void uploadOfAnUnreadableOrMismatchedOnnxFileShouldBeRefusedAndStoreNothing() throws Exception {
        call("POST", MODELS, "{\"name\":\"unsigned\"}");
        call(
                "POST",
                MODELS + "/unsigned/versions",
                "{\"signature\":{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,5]}],"
                        + "\"outputs\":[{\"name\":\"probability\",\"datatype\":\"FP32\",\"shape\":[-1,1]}]}}");

        Reply junk = upload(
                "/unsigned/versions/1/artifact?fileName=model.onnx", "not onnx".getBytes(StandardCharsets.UTF_8));
        assertThat(junk.status()).isEqualTo(400);
        assertThat(junk.body().get("detail").asText())
                .contains("the artifact model.onnx of model 'unsigned' version 1 is not an ONNX model");

        Reply mismatch = upload(
                "/unsigned/versions/1/artifact?fileName=model.onnx",
                io.dubboai.registry.artifact.OnnxFiles.logisticRegression(4, false, 64));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body().get("detail").asText())
                .contains("declared signature of model 'unsigned' version 1 (inputs [x FP32 [-1, 5]], outputs "
                        + "[probability FP32 [-1, 1]]) differs from the one in the artifact model.onnx")
                .contains("(inputs [x FP32 [-1, 4], ids INT64 [-1, -1]], outputs [probability FP32 [-1, 1]])");

        assertThat(get(MODELS + "/unsigned/versions/1").body().get("status").asText())
                .isEqualTo("PENDING");
        try (Stream<java.nio.file.Path> files = Files.walk(ARTIFACTS)) {
            assertThat(files.filter(Files::isRegularFile)
                            .filter(p -> p.toString().contains("unsigned")))
                    .as("refused uploads leave no file")
                    .isEmpty();
        }
    }

    @Test
    void aliasesShouldMoveAndBeWrittenToTheRouteRule() {
        call("POST", MODELS, "{\"name\":\"ranker\"}");
        call("POST", MODELS + "/ranker/versions", "{}");
        call("POST", MODELS + "/ranker/versions", "{}");
        // no provider serves ranker here (the registry sees the test's ZooKeeper registry), so moves are forced
        Reply unserved = call("PUT", MODELS + "/ranker/aliases/champion", "{\"version\":1}");
        assertThat(unserved.status()).isEqualTo(409);
        assertThat(unserved.body().get("detail").asText())
                .contains("alias 'champion' not moved: version 1 of model 'ranker' has no ready provider")
                .contains("dubbo-registry")
                .contains("?force=true");
        Reply serving = get(MODELS + "/ranker/versions/1/serving");
        assertThat(serving.body().get("readyProviders").asInt()).isZero();
        assertThat(serving.body().get("sources").toString()).contains("dubbo-registry", "fleet-documents");

        assertThat(call("PUT", MODELS + "/ranker/aliases/champion?force=true", "{\"version\":1}")
                        .status())
                .isEqualTo(200);
        assertThat(get(MODELS + "/ranker/aliases/champion")
                        .body()
                        .get("version")
                        .asLong())
                .isEqualTo(1);
        assertThat(RouteRuleCodec.parse(ruleText("ranker")).orElseThrow().resolveAlias("champion"))
                .hasValue("1");

        call("PUT", MODELS + "/ranker/aliases/champion?force=true", "{\"version\":2}");
        assertThat(get(MODELS + "/ranker/aliases/champion")
                        .body()
                        .get("version")
                        .asLong())
                .isEqualTo(2);
        assertThat(RouteRuleCodec.parse(ruleText("ranker")).orElseThrow().resolveAlias("champion"))
                .hasValue("2");

        Reply badAlias = call("PUT", MODELS + "/ranker/aliases/Champion!", "{\"version\":2}");
        assertThat(badAlias.status()).isEqualTo(400);
        assertThat(badAlias.body().get("detail").asText()).contains("alias 'Champion!'");
        Reply missingVersion = call("PUT", MODELS + "/ranker/aliases/challenger", "{\"version\":9}");
        assertThat(missingVersion.status()).isEqualTo(404);
        assertThat(missingVersion.body().get("detail").asText()).contains("has no version 9");

        assertThat(call("DELETE", MODELS + "/ranker/aliases/champion", null).status())
                .isEqualTo(200);
        assertThat(get(MODELS + "/ranker/aliases/champion").status()).isEqualTo(404);
        assertThat(RouteRuleCodec.parse(ruleText("ranker")).orElseThrow().resolveAlias("champion"))
                .isEmpty();
    }

    @Test
    void searchShouldFilterByPrefixTagAliasAndStatusAndPage() {
        for (int i = 0; i < 25; i++) {
            String name = String.format("page-%02d", i);
            call(
                    "POST",
                    MODELS,
                    "{\"name\":\"" + name + "\",\"tags\":{\"parity\":\"" + (i % 2 == 0 ? "even" : "odd") + "\"}}");
        }
        call("POST", MODELS + "/page-03/versions", "{}");
        call("PUT", MODELS + "/page-03/aliases/champion?force=true", "{\"version\":1}");

        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Reply page = get(MODELS + "?namePrefix=page-&pageSize=10" + (token == null ? "" : "&pageToken=" + token));
            assertThat(page.body().get("totalSize").asInt()).isEqualTo(25);
            page.body().get("items").forEach(item -> names.add(item.get("name").asText()));
            JsonNode next = page.body().get("nextPageToken");
            token = next == null || next.isNull() ? null : next.asText();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(names).hasSize(25).doesNotHaveDuplicates().isSorted();

        assertThat(get(MODELS + "?namePrefix=page-&tag=parity:odd&pageSize=100")
                        .body()
                        .get("totalSize")
                        .asInt())
                .isEqualTo(12);
        Reply byAlias = get(MODELS + "?alias=champion");
        assertThat(byAlias.body().get("items"))
                .extracting(n -> n.get("name").asText())
                .containsExactly("page-03");
        Reply byStatus = get(MODELS + "?namePrefix=page-&status=pending");
        assertThat(byStatus.body().get("items"))
                .extracting(n -> n.get("name").asText())
                .containsExactly("page-03");

        Reply badTag = get(MODELS + "?tag=novalue");
        assertThat(badTag.status()).isEqualTo(400);
        assertThat(badTag.body().get("detail").asText()).contains("tag filter 'novalue' is not key:value");
        Reply badToken = get(MODELS + "?pageToken=!!!");
        assertThat(badToken.status()).isEqualTo(400);
        assertThat(badToken.body().get("detail").asText()).contains("page token '!!!' is not valid");
        Reply badSize = get(MODELS + "?pageSize=0");
        assertThat(badSize.body().get("detail").asText()).contains("page size 0 is out of range");
    }

    @Test
    void tagsShouldBeSetAndRemovedOnModelsAndVersions() {
        call("POST", MODELS, "{\"name\":\"tagged\"}");
        call("POST", MODELS + "/tagged/versions", "{}");
        assertThat(call("PUT", MODELS + "/tagged/tags/stage", "{\"value\":\"beta\"}")
                        .body()
                        .at("/tags/stage")
                        .asText())
                .isEqualTo("beta");
        assertThat(call("PUT", MODELS + "/tagged/versions/1/tags/quality", "{\"value\":\"ok\"}")
                        .body()
                        .at("/tags/quality")
                        .asText())
                .isEqualTo("ok");
        assertThat(get(MODELS + "/tagged/versions?tag=quality:ok")
                        .body()
                        .get("totalSize")
                        .asInt())
                .isEqualTo(1);
        assertThat(call("DELETE", MODELS + "/tagged/tags/stage", null)
                        .body()
                        .get("tags")
                        .size())
                .isZero();
        Reply missing = call("DELETE", MODELS + "/tagged/tags/stage", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("detail").asText()).contains("has no tag 'stage'");
    }

    private Reply upload(String path, byte[] bytes) throws Exception {
        return send(path, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    /** An upload without Content-Length (sent chunked), as a client streaming a file of unknown size does. */
    private Reply uploadChunked(String path, byte[] bytes) throws Exception {
        return send(path, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)));
    }

    private Reply send(String path, HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + MODELS + path))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), json.readTree(response.body()), response.body(), response);
    }
}
