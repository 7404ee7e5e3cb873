package io.dubboai.core.rule;

import io.dubboai.core.model.ModelNames;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the router does when the chosen version has no provider that satisfies the rule.
 *
 * @param policy {@link Policy#FAIL} to fail the call, {@link Policy#VERSION} to use a stable version instead
 * @param version the stable version, present exactly when the policy is {@link Policy#VERSION}
 */
public record Fallback(Policy policy, @Nullable String version) {

    /** Fail the call with an error naming the model, the version asked and the versions that have providers. */
    public static final Fallback FAIL = new Fallback(Policy.FAIL, null);

    /** Fallback policies. */
    public enum Policy {
        /** Fail the call. */
        FAIL,
        /** Send the call to a stable version. */
        VERSION;

        /** The value as written in rules: {@code fail} or {@code version}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a wire name; empty for anything else. */
        public static Optional<Policy> fromWireName(String value) {
            for (Policy policy : values()) {
                if (policy.wireName().equals(value)) {
                    return Optional.of(policy);
                }
            }
            return Optional.empty();
        }
    }

    public Fallback {
        if (policy == Policy.VERSION) {
            if (version == null) {
                throw new IllegalArgumentException("policy 'version' needs a version; add 'version: <stable version>'");
            }
            ModelNames.requireVersion(version);
        } else if (version != null) {
            throw new IllegalArgumentException(
                    "policy 'fail' takes no version; remove 'version' or use 'policy: version'");
        }
    }

    /** Fall back to {@code version}. */
    public static Fallback toVersion(String version) {
        return new Fallback(Policy.VERSION, version);
    }
}
