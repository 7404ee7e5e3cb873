package io.dubboai.monitor.control.spring;

import io.dubboai.monitor.control.drift.DriftReports;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of drift: the reference profile of a model version (upload a CSV sample, capture the providers' current
 * sketches, read, delete; writes audited by the admin server with the target {@code reference:<model>/<version>})
 * and its drift report.
 */
@RestController
@RequestMapping("/api/v1/ai/monitoring/models/{model}/versions/{version}")
public class DriftController {

    private final ObjectProvider<DriftReports> reports;

    /** @param reports the drift reports, absent without a config center */
    public DriftController(ObjectProvider<DriftReports> reports) {
        this.reports = reports;
    }

    @GetMapping("/drift")
    public DriftReports.Report drift(@PathVariable String model, @PathVariable String version) {
        return reports().report(model, version);
    }

    @GetMapping("/reference")
    public DriftReports.ReferenceSummary reference(@PathVariable String model, @PathVariable String version) {
        return reports().reference(model, version);
    }

    /** Body: CSV, a header line of feature names then one row per line; {@code categorical}: comma-separated names. */
    @PutMapping(
            path = "/reference",
            consumes = {"text/csv", "text/plain"})
    public DriftReports.ReferenceSummary upload(
            @PathVariable String model,
            @PathVariable String version,
            @RequestParam(name = "categorical", required = false) @Nullable String categorical,
            @RequestBody String csv,
            HttpServletRequest request) {
        request.setAttribute(AlertingController.AUDIT_TARGET, "reference:" + model + "/" + version);
        Set<String> names = categorical == null
                ? Set.of()
                : Arrays.stream(categorical.split(","))
                        .map(String::trim)
                        .filter(name -> !name.isEmpty())
                        .collect(Collectors.toSet());
        return reports().upload(model, version, csv, names);
    }

    @PostMapping("/reference/capture")
    public DriftReports.ReferenceSummary capture(
            @PathVariable String model, @PathVariable String version, HttpServletRequest request) {
        request.setAttribute(AlertingController.AUDIT_TARGET, "reference:" + model + "/" + version);
        return reports().capture(model, version);
    }

    @DeleteMapping("/reference")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String model, @PathVariable String version, HttpServletRequest request) {
        request.setAttribute(AlertingController.AUDIT_TARGET, "reference:" + model + "/" + version);
        reports().deleteReference(model, version);
    }

    private DriftReports reports() {
        DriftReports available = reports.getIfAvailable();
        if (available == null) {
            throw new IllegalStateException("drift reports are off on this server: reference profiles need a config"
                    + " center (set dubbo.ai.registry.store.address)");
        }
        return available;
    }
}
