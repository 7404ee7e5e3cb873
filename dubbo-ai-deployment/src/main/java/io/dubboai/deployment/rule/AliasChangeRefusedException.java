package io.dubboai.deployment.rule;

import java.util.Map;

/**
 * A route-rule change that would have changed the rule's aliases, which belong to the model registry: an alias is
 * moved with {@code PUT /api/v1/ai/models/{model}/aliases/{alias}}, which writes the registry and the rule together.
 * Nothing was written.
 */
public final class AliasChangeRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String model;
    private final Map<String, String> stored;
    private final Map<String, String> requested;

    AliasChangeRefusedException(String model, Map<String, String> stored, Map<String, String> requested) {
        super("the route rule of model '" + model + "' would change its aliases from " + stored + " to " + requested
                + "; aliases belong to the model registry: move one with PUT " + aliasEndpoint(model, "{alias}")
                + " {\"version\": <n>} (or DELETE it), and send the rule with its aliases as stored or without"
                + " 'aliases'");
        this.model = model;
        this.stored = Map.copyOf(stored);
        this.requested = Map.copyOf(requested);
    }

    /** The path of the registry's endpoint for {@code alias} of {@code model}. */
    public static String aliasEndpoint(String model, String alias) {
        return "/api/v1/ai/models/" + model + "/aliases/" + alias;
    }

    /** The model concerned. */
    public String model() {
        return model;
    }

    /** The aliases the stored rule has. */
    public Map<String, String> stored() {
        return stored;
    }

    /** The aliases the request asked for. */
    public Map<String, String> requested() {
        return requested;
    }
}
