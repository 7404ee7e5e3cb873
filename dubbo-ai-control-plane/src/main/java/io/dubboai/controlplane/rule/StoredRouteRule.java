package io.dubboai.controlplane.rule;

import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RuleParseResult;
import java.util.Optional;

/**
 * A route rule as it is stored: its text, the entity tag that names this text, and what the codec made of it. A
 * stored rule may be invalid (written by hand into the config center); {@link #parsed()} then lists its problems.
 *
 * @param model the model the rule routes
 * @param text the stored text, never blank
 * @param etag a tag of the text (hex of its SHA-256, shortened), the same on every node and backend; the HTTP API
 *     sends it as {@code ETag} and takes it back in {@code If-Match}
 * @param parsed the codec's reading of the text
 */
public record StoredRouteRule(String model, String text, String etag, RuleParseResult parsed) {

    /** Whether the stored text is a valid rule. */
    public boolean isValid() {
        return parsed.isValid();
    }

    /** The rule, if the text is valid. */
    public Optional<ModelRouteRule> rule() {
        return parsed.toOptional();
    }
}
