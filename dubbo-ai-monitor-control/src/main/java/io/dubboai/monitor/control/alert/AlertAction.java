package io.dubboai.monitor.control.alert;

/**
 * Something the control plane does when an SLO alert fires, named by rules in their {@code actions}, e.g.
 * {@code shift-traffic-away} (route the version's share to the others) or {@code rollback} (end a canary). The
 * deployment component implements them; in a Spring Boot application every bean implementing this interface is
 * available to rules by its {@link #name()}.
 *
 * <p>Guarantees: {@link #onFiring} runs on the leader, once per incident of a rule that names the action, after the
 * firing was recorded. It is retried (in later evaluation rounds) while it throws, up to the delivery limit; a leader
 * change between the call and the record of its success calls it again, so an action must be idempotent for one
 * {@link AlertNotification#id()}. It must not block for long (the evaluation loop waits for it).
 */
public interface AlertAction {

    /** The name rules use, lower-case letters, digits and '-', e.g. {@code rollback}; unique. */
    String name();

    /**
     * Acts on a firing alert.
     *
     * @param alert the firing notification: rule, model, version, incident, severity, indicators
     * @throws Exception when it could not act; the message is shown in the alert's state and the call is retried
     */
    void onFiring(AlertNotification alert) throws Exception;
}
