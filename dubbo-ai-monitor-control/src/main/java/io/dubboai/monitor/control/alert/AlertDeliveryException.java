package io.dubboai.monitor.control.alert;

/** A notification could not be delivered after every attempt; the message names the target and the last failure. */
public final class AlertDeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the target and what failed */
    public AlertDeliveryException(String message) {
        super(message, null, false, false);
    }
}
