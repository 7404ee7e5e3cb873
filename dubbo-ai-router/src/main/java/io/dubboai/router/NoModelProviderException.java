package io.dubboai.router;

import java.util.List;
import java.util.Map;
import org.apache.dubbo.rpc.RpcException;
import org.jspecify.annotations.Nullable;

/**
 * A model call found no provider the route rule allows and the rule's fallback is {@code fail} (or its stable version
 * has no provider either). The message names the model, the version asked and the versions that have providers.
 */
public final class NoModelProviderException extends RpcException {

    private static final long serialVersionUID = 1L;

    private final String model;
    private final @Nullable String askedVersion;
    private final Map<String, Integer> providersByVersion;
    private final List<String> eligibleVersions;

    private NoModelProviderException(
            String message,
            String model,
            @Nullable String askedVersion,
            Map<String, Integer> providersByVersion,
            List<String> eligibleVersions) {
        super(RpcException.FORBIDDEN_EXCEPTION, message);
        this.model = model;
        this.askedVersion = askedVersion;
        this.providersByVersion = Map.copyOf(providersByVersion);
        this.eligibleVersions = List.copyOf(eligibleVersions);
    }

    /**
     * Builds the exception.
     *
     * @param model the routed model
     * @param askedVersion the version the call asked for, {@code null} when it asked for none in particular
     * @param how how the version was chosen (pinned, alias 'champion', weighted split, ...)
     * @param providersByVersion every version with providers and how many
     * @param eligibleVersions versions with at least one provider that satisfies the rule's GPU constraints
     * @param fallback what the fallback did, e.g. "fallback is 'fail'"
     */
    public static NoModelProviderException of(
            String model,
            @Nullable String askedVersion,
            String how,
            Map<String, Integer> providersByVersion,
            List<String> eligibleVersions,
            String fallback) {
        String asked = askedVersion == null ? "any version" : "version '" + askedVersion + "'";
        String message = "No provider of model '" + model + "' " + asked + " (" + how + ") is available"
                + " under the route rule " + model + ".model-route; versions with providers: " + providersByVersion
                + ", versions whose providers satisfy the GPU constraints: " + eligibleVersions + "; " + fallback
                + ". Start a provider of that version, ask for one of those versions, or set 'fallback: {policy:"
                + " version, version: <stable version>}' in the rule.";
        return new NoModelProviderException(message, model, askedVersion, providersByVersion, eligibleVersions);
    }

    /** The routed model. */
    public String model() {
        return model;
    }

    /** The version asked for, {@code null} when the call asked for any version. */
    public @Nullable String askedVersion() {
        return askedVersion;
    }

    /** Versions that have providers, with their counts. */
    public Map<String, Integer> providersByVersion() {
        return providersByVersion;
    }

    /** Versions with providers that satisfy the GPU constraints. */
    public List<String> eligibleVersions() {
        return eligibleVersions;
    }
}
