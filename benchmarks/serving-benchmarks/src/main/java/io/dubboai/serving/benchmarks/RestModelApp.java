package io.dubboai.serving.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The hand-written way: a Spring Boot REST/JSON endpoint that calls ONNX Runtime per request, no batching. */
@SpringBootApplication(proxyBeanMethods = false)
@RestController
public class RestModelApp {

    /** Request and response body: rows of floats. */
    public record Rows(float[][] rows) {}

    private final OrtSession session;

    /** Loads the model named by the system property {@code bench.model}, with the run's runtime options. */
    public RestModelApp() throws OrtException {
        try (OrtSession.SessionOptions options = ServingLoadRun.sessionOptions()) {
            this.session = OrtEnvironment.getEnvironment().createSession(System.getProperty("bench.model"), options);
        }
    }

    /** Runs the model on the posted rows. */
    @PostMapping("/infer")
    public Rows infer(@RequestBody Rows body) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), body.rows());
                OrtSession.Result result = session.run(Map.of("features", input))) {
            return new Rows((float[][]) result.get(0).getValue());
        }
    }
}
