package io.dubboai.server.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.abtest.decision.DecisionAudit;
import io.dubboai.abtest.decision.ExperimentComponent;
import io.dubboai.abtest.experiment.DecisionRecord;
import io.dubboai.abtest.experiment.Experiment;
import io.dubboai.server.audit.AuditEntry;
import io.dubboai.server.audit.AuditLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Writes the experiment engine's decisions into the server's audit log: actor {@value ExperimentComponent#ACTOR},
 * action {@code DECIDE <kind>}, target {@code experiment:<id>}, and as {@code after} the decision with the numbers
 * behind it (JSON).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DecisionAudit.class)
public class ExperimentAuditConfiguration {

    @Bean
    DecisionAudit serverDecisionAudit(AuditLog auditLog, Clock clock) {
        ObjectMapper json = ServerConfiguration.storeJson();
        return (experiment, decision) -> auditLog.append(new AuditEntry(
                0,
                clock.instant(),
                ExperimentComponent.ACTOR,
                "DECIDE " + decision.kind(),
                "experiment:" + experiment.spec().id(),
                null,
                describe(json, experiment, decision),
                200));
    }

    private static String describe(ObjectMapper json, Experiment experiment, DecisionRecord decision) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("experiment", experiment.spec().id());
        entry.put("model", experiment.spec().model());
        entry.put("automatic", experiment.spec().decisionPolicy().automatic());
        entry.put("promoteAlias", experiment.spec().decisionPolicy().promoteAlias());
        entry.put("decision", decision);
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an experiment decision could not be written as JSON", e);
        }
    }
}
