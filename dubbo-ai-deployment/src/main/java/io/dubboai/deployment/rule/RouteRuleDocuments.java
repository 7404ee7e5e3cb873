package io.dubboai.deployment.rule;

import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The JSON form of a route rule: the very document {@link RouteRuleCodec#encode} writes as YAML (same fields, same
 * order, versions as text), as a tree of maps, lists and scalars for a JSON writer. JSON is read back by the codec
 * itself (JSON is YAML), so both forms have one reader.
 */
public final class RouteRuleDocuments {

    private RouteRuleDocuments() {}

    /** The rule as the tree of its YAML document. */
    public static Map<String, Object> toTree(ModelRouteRule rule) {
        // the codec's own output, loaded with the safe constructor: plain maps, lists, strings, numbers, booleans
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(RouteRuleCodec.encode(rule));
    }

    /**
     * A JSON text made readable by the YAML codec with its line and column numbers unchanged: JSON allows tabs
     * between tokens, YAML does not, and inside JSON strings a tab must be escaped, so each tab becomes one space.
     */
    public static String jsonAsYaml(String json) {
        return json.replace('\t', ' ');
    }
}
