package io.dubboai.monitor.control.prometheus;

/** Prometheus could not be reached, or refused or failed a query; the message says which and what to check. */
public final class PrometheusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, for the API's answer */
    public PrometheusException(String message) {
        super(message, null, false, false);
    }
}
