package io.dubboai.deployment.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.deployment.MockKubernetes;
import io.dubboai.deployment.training.TrainingJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * {@code /api/v1/ai/training-jobs} through Spring MVC (the controller and its problem handler, standalone) on the real
 * {@link TrainingJobs} over fabric8's mock API server: submit, read, list, cancel, every kind of refusal, the audit
 * attributes, and the answer when training is not enabled.
 */
class TrainingJobControllerTest {

    private static final String JOBS = "/api/v1/ai/training-jobs";
    private static final String JOB = """
            {"name": "churn-train-1", "model": "churn", "image": "ghcr.io/acme/churn-train:1.4", "workers": 2,
             "artifactUri": "s3://models/churn/1/model.onnx", "deploy": {"replicas": 2}}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MockKubernetes server;
    private KubernetesClient client;
    private MockMvc mvc;

    @BeforeEach
    void start() {
        server = new MockKubernetes("ml");
        client = server.client();
        TrainingJobs jobs = new TrainingJobs(
                client, "ml", new FileDocumentStore(dir.resolve("store")), job -> "1", null, Clock.systemUTC());
        mvc = mvc(jobs);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static MockMvc mvc(TrainingJobs jobs) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        if (jobs != null) {
            beans.registerSingleton("trainingJobs", jobs);
        }
        return MockMvcBuilders.standaloneSetup(new TrainingJobController(
                        beans.getBeanProvider(TrainingJobs.class),
                        JsonMapper.builder().findAndAddModules().build()))
                .setControllerAdvice(new TrainingJobProblemHandler())
                .build();
    }

    private JsonNode body(ResultActions result) throws Exception {
        return JSON.readTree(result.andReturn().getResponse().getContentAsString());
    }

    @Test
    void submitReadListAndCancel() throws Exception {
        ResultActions submitted = mvc.perform(
                        post(JOBS).contentType(MediaType.APPLICATION_JSON).content(JOB))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/ai/training-jobs/churn-train-1"))
                .andExpect(request().attribute(RouteRuleController.AUDIT_TARGET, "training-job:churn-train-1"))
                .andExpect(request().attribute(RouteRuleController.AUDIT_AFTER, containsString("\"SUBMITTED\"")));
        assertThat(body(submitted).get("state").asText()).isEqualTo("SUBMITTED");
        assertThat(body(submitted).at("/spec/deploy/replicas").asInt()).isEqualTo(2);
        assertThat(client.genericKubernetesResources(TrainingJobs.PYTORCH_JOB)
                        .inNamespace("ml")
                        .withName("churn-train-1")
                        .get())
                .isNotNull();

        assertThat(body(mvc.perform(get(JOBS + "/churn-train-1")).andExpect(status().isOk()))
                        .get("namespace")
                        .asText())
                .isEqualTo("ml");
        assertThat(body(mvc.perform(get(JOBS))).at("/trainingJobs/0/spec/name").asText())
                .isEqualTo("churn-train-1");
        assertThat(body(mvc.perform(post(JOBS)
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content(JOB))
                                .andExpect(status().isConflict()))
                        .get("type")
                        .asText())
                .isEqualTo("https://dubbo-ai.io/problems/training-job-conflict");

        ResultActions cancelled = mvc.perform(post(JOBS + "/churn-train-1/cancel"))
                .andExpect(status().isOk())
                .andExpect(request().attribute(RouteRuleController.AUDIT_BEFORE, containsString("\"SUBMITTED\"")));
        assertThat(body(cancelled).get("state").asText()).isEqualTo("CANCELLED");
        assertThat(body(mvc.perform(post(JOBS + "/churn-train-1/cancel")).andExpect(status().isConflict()))
                        .get("detail")
                        .asText())
                .contains("is CANCELLED");
        assertThat(body(mvc.perform(get(JOBS + "/nope")).andExpect(status().isNotFound()))
                        .get("detail")
                        .asText())
                .isEqualTo("there is no training job 'nope'; list them with GET /api/v1/ai/training-jobs");
    }

    @Test
    void badRequestsAreRefusedNamingTheField() throws Exception {
        JsonNode unknown = body(mvc.perform(post(JOBS)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"x\", \"model\": \"churn\", \"deploy\": {\"replica\": 2}}"))
                .andExpect(status().isBadRequest()));
        assertThat(unknown.get("type").asText()).isEqualTo("https://dubbo-ai.io/problems/malformed-request");
        assertThat(unknown.get("field").asText()).isEqualTo("deploy.replica");
        JsonNode invalid = body(mvc.perform(post(JOBS)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"X\", \"model\": \"churn\", \"workers\": 0}"))
                .andExpect(status().isBadRequest()));
        assertThat(invalid.get("type").asText()).isEqualTo("https://dubbo-ai.io/problems/invalid-training-job");
        assertThat(invalid.get("problems").findValuesAsText("path"))
                .containsExactly("name", "image", "workers", "artifactUri");
        assertThat(body(mvc.perform(post(JOBS)
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content("{\"name\": "))
                                .andExpect(status().isBadRequest()))
                        .get("detail")
                        .asText())
                .contains("not JSON");
        mvc.perform(post(JOBS).contentType(MediaType.APPLICATION_JSON)).andExpect(status().isBadRequest());
    }

    @Test
    void withoutTrainingJobs_everyRequestSaysWhatToTurnOn() throws Exception {
        MockMvc off = mvc(null);
        assertThat(body(off.perform(get(JOBS)).andExpect(status().isNotFound()))
                        .get("type")
                        .asText())
                .isEqualTo("https://dubbo-ai.io/problems/training-disabled");
        assertThat(body(off.perform(post(JOBS)
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content(JOB))
                                .andExpect(status().isNotFound()))
                        .get("detail")
                        .asText())
                .contains("dubbo.ai.deployment.executor=kubernetes");
    }
}
