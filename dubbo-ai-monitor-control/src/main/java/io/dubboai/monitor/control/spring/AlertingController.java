package io.dubboai.monitor.control.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dubboai.monitor.control.alert.AlertNotification;
import io.dubboai.monitor.control.alert.AlertState;
import io.dubboai.monitor.control.alert.AlertStatus;
import io.dubboai.monitor.control.alert.BurnRateWindow;
import io.dubboai.monitor.control.alert.ModelAlertingComponent;
import io.dubboai.monitor.control.alert.SloMetric;
import io.dubboai.monitor.control.alert.SloRule;
import io.dubboai.monitor.control.alert.SloRules;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of SLO rules and their alerts, under {@code /api/v1/ai/monitoring}: rules are created, replaced and
 * deleted here (validated: every problem named; the admin server lets operators write and audits each write, this
 * controller sets the audit target and the rule before and after) and alerts are listed with their state.
 */
@RestController
@RequestMapping("/api/v1/ai/monitoring")
public class AlertingController {

    static final String AUDIT_TARGET = "io.dubboai.audit.target";
    static final String AUDIT_BEFORE = "io.dubboai.audit.before";
    static final String AUDIT_AFTER = "io.dubboai.audit.after";

    private static final ObjectMapper AUDIT_JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    private final ObjectProvider<ModelAlertingComponent> alerting;

    /** @param alerting the alerting component, absent when alerting is off */
    public AlertingController(ObjectProvider<ModelAlertingComponent> alerting) {
        this.alerting = alerting;
    }

    /** One burn-rate window pair as JSON: durations ISO-8601. */
    public record WindowBody(
            @Nullable String longWindow,
            @Nullable String shortWindow,
            @Nullable Double factor,
            @Nullable String severity) {}

    /** An SLO rule as JSON (see {@link SloRule} for the fields that apply to each metric). */
    public record RuleBody(
            @Nullable String id,
            @Nullable String model,
            @Nullable String version,
            @Nullable String metric,
            @Nullable Double target,
            @Nullable Double quantile,
            @Nullable Double thresholdSeconds,
            @Nullable Double minimum,
            @Nullable List<String> actions,
            @Nullable String description,
            @Nullable List<WindowBody> windows) {}

    /** An alert: its rule's identity, the state and the last notifications. */
    public record AlertView(
            String rule,
            String model,
            String version,
            String metric,
            String objective,
            AlertStatus status,
            int incident,
            Instant since,
            @Nullable String severity,
            @Nullable Instant evaluatedAt,
            Map<String, Double> values,
            @Nullable String error,
            List<AlertNotification> pending,
            List<AlertNotification> recent) {}

    @GetMapping("/slo-rules")
    public List<SloRule> rules() {
        return rulesStore().list();
    }

    @GetMapping("/slo-rules/{id}")
    public SloRule rule(@PathVariable String id) {
        return rulesStore().find(id).orElseThrow(() -> new NoSuchElementException("no SLO rule '" + id + "'"));
    }

    @PostMapping("/slo-rules")
    public ResponseEntity<SloRule> create(@RequestBody RuleBody body, HttpServletRequest request) {
        SloRule rule = toRule(body, body.id());
        request.setAttribute(AUDIT_TARGET, "slo-rule:" + rule.id());
        SloRule created = rulesStore().create(rule);
        request.setAttribute(AUDIT_AFTER, auditJson(created));
        return ResponseEntity.created(URI.create("/api/v1/ai/monitoring/slo-rules/" + created.id()))
                .body(created);
    }

    @PutMapping("/slo-rules/{id}")
    public SloRule replace(@PathVariable String id, @RequestBody RuleBody body, HttpServletRequest request) {
        if (body.id() != null && !body.id().equals(id)) {
            throw new IllegalArgumentException(
                    "the body's id '" + body.id() + "' differs from the path's '" + id + "'; leave it out or match it");
        }
        SloRule rule = toRule(body, id);
        request.setAttribute(AUDIT_TARGET, "slo-rule:" + id);
        SloRule before = rule(id);
        SloRule after = rulesStore().replace(rule);
        request.setAttribute(AUDIT_BEFORE, auditJson(before));
        request.setAttribute(AUDIT_AFTER, auditJson(after));
        return after;
    }

    @DeleteMapping("/slo-rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String id, HttpServletRequest request) {
        request.setAttribute(AUDIT_TARGET, "slo-rule:" + id);
        SloRule before = rule(id);
        rulesStore().delete(id);
        request.setAttribute(AUDIT_BEFORE, auditJson(before));
    }

    @GetMapping("/alerts")
    public List<AlertView> alerts() {
        SloRules rules = rulesStore();
        List<AlertView> views = new ArrayList<>();
        for (SloRule rule : rules.list()) {
            views.add(view(rule, rules.alert(rule.id()).orElse(null)));
        }
        return views;
    }

    @GetMapping("/alerts/{rule}")
    public AlertView alert(@PathVariable("rule") String id) {
        return view(rule(id), rulesStore().alert(id).orElse(null));
    }

    private static AlertView view(SloRule rule, @Nullable AlertState state) {
        if (state == null) {
            return new AlertView(
                    rule.id(),
                    rule.model(),
                    rule.version(),
                    rule.metric().id(),
                    rule.objective(),
                    AlertStatus.INACTIVE,
                    0,
                    Instant.EPOCH,
                    null,
                    null,
                    Map.of(),
                    "not evaluated yet (the leader evaluates every rule each interval)",
                    List.of(),
                    List.of());
        }
        return new AlertView(
                rule.id(),
                rule.model(),
                rule.version(),
                rule.metric().id(),
                rule.objective(),
                state.status(),
                state.incident(),
                state.since(),
                state.severity(),
                state.evaluatedAt(),
                state.values(),
                state.error(),
                state.outbox(),
                state.history());
    }

    private ModelAlertingComponent component() {
        ModelAlertingComponent component = alerting.getIfAvailable();
        if (component == null) {
            throw new IllegalStateException("SLO alerting is off on this server: it needs a config center (set"
                    + " dubbo.ai.registry.store.address) and dubbo.ai.monitoring.alerting.enabled=true");
        }
        return component;
    }

    private SloRules rulesStore() {
        return component().rules();
    }

    private SloRule toRule(RuleBody body, @Nullable String id) {
        if (body.metric() == null) {
            throw new IllegalArgumentException("metric is required; known: error_rate, latency, throughput");
        }
        SloMetric metric = SloMetric.of(body.metric());
        List<BurnRateWindow> windows = new ArrayList<>();
        List<WindowBody> windowBodies = body.windows() == null ? List.of() : body.windows();
        for (int i = 0; i < windowBodies.size(); i++) {
            WindowBody window = windowBodies.get(i);
            String where = "windows[" + i + "].";
            if (window == null || window.factor() == null || window.severity() == null) {
                throw new IllegalArgumentException(where + "factor and " + where + "severity are required, e.g."
                        + " {\"longWindow\":\"PT1H\",\"shortWindow\":\"PT5M\",\"factor\":14.4,\"severity\":\"page\"}");
            }
            try {
                windows.add(new BurnRateWindow(
                        MonitoringController.duration(where + "longWindow", window.longWindow()),
                        MonitoringController.duration(where + "shortWindow", window.shortWindow()),
                        window.factor(),
                        window.severity()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where.substring(0, where.length() - 1) + ": " + e.getMessage());
            }
        }
        List<String> actions = body.actions() == null ? List.of() : body.actions();
        Set<String> known = component().actionNames();
        Set<String> unknown = new TreeSet<>(actions);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown alert action(s) " + unknown + "; installed on this server: "
                    + (known.isEmpty() ? "none" : new TreeSet<>(known)));
        }
        return new SloRule(
                id,
                body.model(),
                body.version(),
                metric,
                body.target(),
                body.quantile(),
                body.thresholdSeconds(),
                body.minimum(),
                actions,
                body.description(),
                windows);
    }

    private static String auditJson(SloRule rule) {
        try {
            return AUDIT_JSON.writeValueAsString(rule);
        } catch (JsonProcessingException e) {
            return "{\"id\":\"" + rule.id() + "\"}";
        }
    }
}
