package io.dubboai.registry.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A failure nobody expected (here: a model document corrupted behind the registry's back, read by a write) is
 * answered with a generic
 * 500 and an error id, never with the exception's message; the server log has the id and the stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnexpectedErrorsTest extends RegistryApplicationTestBase {

    private static final String SECRET = "s3cret-in-a-document";

    /** Registers {@code model}, then overwrites its document with invalid JSON behind the registry's back. */
    private void registerAndCorrupt(String model) {
        assertThat(call("POST", "/api/v1/ai/models", "{\"name\":\"" + model + "\"}")
                        .status())
                .isEqualTo(201);
        RULES.publishConfig(
                model + ".model", "dubbo-ai-registry", "{\"name\": \"" + model + "\", \"note\": \"" + SECRET + "\", ");
    }

    @Test
    void restShouldAnswerAGeneric500WithAnErrorIdThatTheLogRepeats(CapturedOutput output) {
        registerAndCorrupt("corrupt-rest");

        // a write reads the model document from the store
        Reply failed = call("PATCH", "/api/v1/ai/models/corrupt-rest", "{\"description\":\"x\"}");

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        String errorId = failed.body().get("errorId").asText();
        assertThat(errorId).matches("[0-9a-f-]{36}");
        assertThat(failed.body().get("detail").asText()).contains("failed unexpectedly", "report error id " + errorId);
        assertThat(failed.text()).doesNotContain(SECRET, "document is not valid", "Exception", "\tat ");
        // the operator finds the whole story under that id
        assertThat(output)
                .contains("error id " + errorId)
                .contains("document is not valid")
                .contains("\tat ");
    }

    @Test
    void mlflowShouldAnswerInternalErrorWithAnErrorIdThatTheLogRepeats(CapturedOutput output) {
        registerAndCorrupt("corrupt-mlflow");

        Reply failed = call(
                "PATCH",
                "/api/2.0/mlflow/registered-models/update",
                "{\"name\":\"corrupt-mlflow\",\"description\":\"x\"}");

        assertThat(failed.status()).isEqualTo(500);
        JsonNode body = failed.body();
        assertThat(body.get("error_code").asText()).isEqualTo("INTERNAL_ERROR");
        String errorId = body.get("error_id").asText();
        assertThat(body.get("message").asText()).contains("report error id " + errorId);
        assertThat(failed.text()).doesNotContain(SECRET, "document is not valid", "Exception");
        assertThat(output).contains("error id " + errorId).contains("document is not valid");
    }
}
