package io.dubboai.monitor.control.alert;

/**
 * Delivers alert notifications somewhere: {@link WebhookNotifier} (a JSON POST) or {@link AlertmanagerNotifier}
 * (Alertmanager's v2 API).
 */
public interface AlertNotifier {

    /** The target name in {@link AlertNotification#targets()}, e.g. {@code webhook}. */
    String name();

    /**
     * Delivers one notification, retrying as configured.
     *
     * @throws AlertDeliveryException when every attempt failed (the message says the last failure)
     */
    void deliver(AlertNotification notification, SloRule rule);

    /**
     * Tells the target, once per evaluation round, that the alert still fires; Alertmanager needs this (an alert not
     * re-sent is resolved by it after its timeout), a webhook does not (default: nothing). Failures are logged only.
     */
    default void stillFiring(AlertState state, SloRule rule) {}
}
