package io.dubboai.controlplane.claim;

/** A claim refused because another activity holds the model (an HTTP 409 at the REST edge). */
public final class ModelClaimedException extends IllegalStateException {

    private final String model;
    private final String holder;

    public ModelClaimedException(String model, String holder, String wanted) {
        super("model '" + model + "' is held by " + describe(holder) + "; " + describe(wanted)
                + " can start once it has finished, stopped or been aborted");
        this.model = model;
        this.holder = holder;
    }

    /** The model. */
    public String model() {
        return model;
    }

    /** Who holds it ({@code <kind>:<id>}). */
    public String holder() {
        return holder;
    }

    private static String describe(String holder) {
        int colon = holder.indexOf(':');
        return colon < 0 ? "'" + holder + "'" : holder.substring(0, colon) + " '" + holder.substring(colon + 1) + "'";
    }
}
