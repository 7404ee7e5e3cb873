package io.dubboai.abtest.experiment;

/** An action that conflicts with the state of the experiment or of its model (HTTP 409). */
public final class ExperimentConflictException extends IllegalStateException {

    private final String experiment;
    private final String model;

    public ExperimentConflictException(String experiment, String model, String message) {
        super(message);
        this.experiment = experiment;
        this.model = model;
    }

    /** The experiment acted on. */
    public String experiment() {
        return experiment;
    }

    /** Its model. */
    public String model() {
        return model;
    }
}
