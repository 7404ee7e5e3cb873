package io.dubboai.abtest.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dubboai.abtest.analysis.ExperimentResults;
import io.dubboai.abtest.decision.ExperimentComponent;
import io.dubboai.abtest.decision.ExperimentData;
import io.dubboai.abtest.decision.ExposureBatchReceipt;
import io.dubboai.abtest.decision.ModelExposure;
import io.dubboai.abtest.decision.ResultHistory;
import io.dubboai.abtest.experiment.Experiment;
import io.dubboai.abtest.experiment.ExperimentService;
import io.dubboai.abtest.experiment.ExperimentStatus;
import io.dubboai.abtest.ledger.Outcome;
import io.dubboai.abtest.ledger.OutcomeReceipt;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ai/experiments}: experiments, their results over time, and the intake of exposures and outcomes.
 *
 * <ul>
 *   <li>{@code GET /}: every experiment (without results). {@code GET /{id}}: one, with its results now and its
 *       history.
 *   <li>{@code POST /}: creates one (201); 400 listing every problem; 409 when the id is taken.
 *   <li>{@code POST /{id}/start}, {@code /stop}: 409 when another experiment or a rollout holds the model, or the
 *       state forbids it. {@code POST /{id}/decision/apply}: carries out its recorded decision (a recommendation).
 *   <li>{@code POST /{id}/outcomes}: {@code {"outcomes": [{unit, metric, value, eventId}]}}; 200 with what was
 *       counted, duplicates and refusals; 422 when nothing was counted because every outcome was refused; 409 when the
 *       experiment is not running (late outcomes).
 *   <li>{@code POST /exposures}: a consumer's batch, {@code {"exposures": [{model, unitAttachment, unit, version,
 *       at}]}}; 200 with what was recorded.
 * </ul>
 *
 * Changes of experiments set the admin server's audit attributes (target {@code experiment:<id>}, before and after);
 * the intake of exposures and outcomes is data, not a change an operator makes, and is not audited (it would flood
 * the log; the ledger itself keeps it).
 */
@RestController
@RequestMapping(path = "/api/v1/ai/experiments")
public class ExperimentsController {

    static final String AUDIT_TARGET = "io.dubboai.audit.target";
    static final String AUDIT_BEFORE = "io.dubboai.audit.before";
    static final String AUDIT_AFTER = "io.dubboai.audit.after";
    static final String AUDIT_SKIP = "io.dubboai.audit.skip";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final ExperimentService experiments;
    private final ExperimentData data;
    private final ResultHistory history;
    private final ExperimentComponent engine;

    public ExperimentsController(
            ExperimentService experiments, ExperimentData data, ResultHistory history, ExperimentComponent engine) {
        this.experiments = experiments;
        this.data = data;
        this.history = history;
        this.engine = engine;
    }

    /** Body of the outcome intake. */
    public record OutcomeBatch(@Nullable List<Outcome> outcomes) {}

    /** Body of the exposure intake. */
    public record ExposureBatch(@Nullable List<ExposureItem> exposures) {}

    /** One exposure as a consumer sends it; {@code at} defaults to the time of receipt. */
    public record ExposureItem(
            @Nullable String model,
            @Nullable String unitAttachment,
            @Nullable String unit,
            @Nullable String version,
            @Nullable Instant at) {}

    @GetMapping
    List<ExperimentView> list() {
        return experiments.list().stream()
                .map(e -> ExperimentView.of(e, null, List.of()))
                .toList();
    }

    @GetMapping("/{id}")
    ExperimentView get(@PathVariable String id) {
        Experiment experiment = require(id);
        ExperimentResults results =
                experiment.status() == ExperimentStatus.DRAFT || experiment.status() == ExperimentStatus.STARTING
                        ? null
                        : data.results(experiment);
        return ExperimentView.of(experiment, results, history.read(id));
    }

    @PostMapping
    ResponseEntity<ExperimentView> create(@RequestBody ExperimentRequest body, HttpServletRequest request) {
        Experiment created = experiments.create(body.toSpec());
        ExperimentView view = ExperimentView.of(created, null, List.of());
        audit(request, created.spec().id(), null, view);
        return ResponseEntity.status(HttpStatus.CREATED).body(view);
    }

    @PostMapping("/{id}/start")
    ExperimentView start(@PathVariable String id, HttpServletRequest request) {
        ExperimentView before = ExperimentView.of(require(id), null, List.of());
        ExperimentView after = ExperimentView.of(experiments.start(id), null, List.of());
        audit(request, id, before, after);
        return after;
    }

    @PostMapping("/{id}/stop")
    ExperimentView stop(@PathVariable String id, HttpServletRequest request) {
        ExperimentView before = ExperimentView.of(require(id), null, List.of());
        ExperimentView after = ExperimentView.of(experiments.stop(id), null, List.of());
        audit(request, id, before, after);
        return after;
    }

    @PostMapping("/{id}/decision/apply")
    ExperimentView apply(@PathVariable String id, @Nullable Principal principal, HttpServletRequest request) {
        ExperimentView before = ExperimentView.of(require(id), null, List.of());
        String actor = principal == null ? "anonymous" : principal.getName();
        ExperimentView after = ExperimentView.of(engine.apply(id, actor), null, List.of());
        audit(request, id, before, after);
        return after;
    }

    @PostMapping("/{id}/outcomes")
    OutcomeReceipt outcomes(@PathVariable String id, @RequestBody OutcomeBatch body, HttpServletRequest request) {
        request.setAttribute(AUDIT_SKIP, Boolean.TRUE);
        List<Outcome> outcomes = body.outcomes() == null ? List.of() : body.outcomes();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (outcome == null || outcome.unit() == null || outcome.metric() == null) {
                throw new IllegalArgumentException("outcomes[" + i + "] needs a unit and a metric, e.g. {\"unit\":"
                        + " \"user-1\", \"metric\": \"conversion\", \"value\": 1}");
            }
        }
        OutcomeReceipt receipt = data.recordOutcomes(id, outcomes);
        if (receipt.accepted() == 0
                && receipt.duplicates() == 0
                && !receipt.rejected().isEmpty()) {
            throw new OutcomesRefusedException(id, receipt);
        }
        return receipt;
    }

    @PostMapping("/exposures")
    ExposureBatchReceipt exposures(@RequestBody ExposureBatch body, HttpServletRequest request) {
        request.setAttribute(AUDIT_SKIP, Boolean.TRUE);
        List<ExposureItem> items = body.exposures() == null ? List.of() : body.exposures();
        Instant now = Instant.now();
        List<ModelExposure> batch = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ExposureItem item = items.get(i);
            if (item == null
                    || item.model() == null
                    || item.unitAttachment() == null
                    || item.unit() == null
                    || item.version() == null) {
                throw new IllegalArgumentException("exposures[" + i + "] needs model, unitAttachment, unit and"
                        + " version, e.g. {\"model\": \"risk\", \"unitAttachment\": \"user-id\", \"unit\": \"user-1\","
                        + " \"version\": \"2\"}");
            }
            batch.add(new ModelExposure(
                    item.model(),
                    item.unitAttachment(),
                    item.unit(),
                    item.version(),
                    Objects.requireNonNullElse(item.at(), now)));
        }
        return data.recordExposures(batch);
    }

    private Experiment require(String id) {
        return experiments
                .find(id)
                .orElseThrow(() -> new NoSuchElementException(
                        "no experiment '" + id + "'; list" + " them with GET /api/v1/ai/experiments"));
    }

    private static void audit(
            HttpServletRequest request, String id, @Nullable ExperimentView before, ExperimentView after) {
        request.setAttribute(AUDIT_TARGET, "experiment:" + id);
        if (before != null) {
            request.setAttribute(AUDIT_BEFORE, json(before));
        }
        request.setAttribute(AUDIT_AFTER, json(after));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an experiment could not be written as JSON for the audit log", e);
        }
    }

    /** Every outcome of a batch was refused (422). */
    static final class OutcomesRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient OutcomeReceipt receipt;

        OutcomesRefusedException(String id, OutcomeReceipt receipt) {
            super("none of the " + receipt.rejected().size() + " outcomes was counted in experiment '" + id
                    + "': " + receipt.rejected().get(0).message()
                    + (receipt.rejected().size() > 1
                            ? " (and " + (receipt.rejected().size() - 1) + " more, see" + " 'rejected')"
                            : ""));
            this.receipt = receipt;
        }

        OutcomeReceipt receipt() {
            return receipt;
        }
    }
}
