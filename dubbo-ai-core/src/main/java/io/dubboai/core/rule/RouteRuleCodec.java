package io.dubboai.core.rule;

import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.model.ModelNames;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads and writes the YAML form of {@link ModelRouteRule}.
 *
 * <pre>{@code
 * configVersion: v1
 * model: sentiment
 * enabled: true
 * traffic:
 *   - version: "3"
 *     weight: 90
 *   - version: "4"
 *     weight: 10
 * aliases:
 *   champion: "3"
 *   challenger: "4"
 * gpu:
 *   accelerator: gpu          # cpu | gpu; absent: any
 *   gpuTypes: [H100, A100]    # substring match, ignoring case
 *   minGpuMemoryMiB: 40000
 * stickyKey: dubbo-ai-sticky-key
 * fallback:
 *   policy: version           # fail | version
 *   version: "3"
 * shadow:                     # optional: mirror a share of calls, answers discarded
 *   version: "4"              # listed in traffic, usually with weight 0
 *   percent: 10               # greater than 0, at most 100; decimals allowed (0.5)
 * }</pre>
 *
 * <p>Reading never throws on bad input: {@link #parse(String)} returns every problem with its path, line and a
 * hint. The YAML is composed into a node tree only (no object construction, so no YAML deserialization gadgets),
 * with limits on size, nesting and aliases. Writing and reading back gives an equal rule.
 */
public final class RouteRuleCodec {

    /** Largest rule text accepted, in UTF-8 bytes (well inside Nacos' and ZooKeeper's default limits). */
    public static final int MAX_TEXT_BYTES = 64 * 1024;

    private static final int MAX_NESTING = 16;
    private static final int MAX_YAML_ALIASES = 16;

    private RouteRuleCodec() {}

    /** Reads a rule text; the result holds the rule or every problem found. */
    public static RuleParseResult parse(@Nullable String text) {
        return parse(null, text);
    }

    /**
     * Reads a rule text stored under the key of {@code expectedModel}; a {@code model} field naming another model
     * is a problem.
     */
    public static RuleParseResult parse(@Nullable String expectedModel, @Nullable String text) {
        try {
            return new Reader(expectedModel).read(text);
        } catch (RuntimeException | StackOverflowError unexpected) {
            // The reader is written not to throw; this keeps the promise even for inputs nobody thought of.
            return RuleParseResult.invalid(List.of(RuleProblem.at(
                    "",
                    "the text could not be read as a rule ("
                            + unexpected.getClass().getSimpleName() + ")")));
        }
    }

    /** Writes a rule as YAML; {@link #parse(String)} of the result equals {@code rule}. */
    public static String encode(ModelRouteRule rule) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("configVersion", ModelRouteRule.CONFIG_VERSION);
        doc.put("model", rule.model());
        doc.put("enabled", rule.enabled());
        List<Map<String, Object>> traffic = new ArrayList<>();
        for (TrafficSplit split : rule.traffic()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("version", split.version());
            entry.put("weight", split.weight());
            traffic.add(entry);
        }
        doc.put("traffic", traffic);
        if (!rule.aliases().isEmpty()) {
            doc.put("aliases", new LinkedHashMap<>(rule.aliases()));
        }
        GpuConstraints gpu = rule.gpu();
        if (!gpu.isNone()) {
            Map<String, Object> constraints = new LinkedHashMap<>();
            if (gpu.accelerator() != null) {
                constraints.put("accelerator", gpu.accelerator().wireName());
            }
            if (!gpu.gpuTypes().isEmpty()) {
                constraints.put("gpuTypes", new ArrayList<>(gpu.gpuTypes()));
            }
            if (gpu.minGpuMemoryMiB() > 0) {
                constraints.put("minGpuMemoryMiB", gpu.minGpuMemoryMiB());
            }
            doc.put("gpu", constraints);
        }
        doc.put("stickyKey", rule.stickyKey());
        Map<String, Object> fallback = new LinkedHashMap<>();
        fallback.put("policy", rule.fallback().policy().wireName());
        if (rule.fallback().version() != null) {
            fallback.put("version", rule.fallback().version());
        }
        doc.put("fallback", fallback);
        ShadowTraffic shadow = rule.shadow();
        if (shadow != null) {
            Map<String, Object> mirror = new LinkedHashMap<>();
            mirror.put("version", shadow.version());
            mirror.put("percent", ShadowTraffic.wirePercent(shadow.percent()));
            doc.put("shadow", mirror);
        }

        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        return new Yaml(new Representer(options), options).dump(doc);
    }

    /** One read of one text; collects problems instead of throwing. */
    private static final class Reader {
        private final @Nullable String expectedModel;
        private final List<RuleProblem> problems = new ArrayList<>();
        private final Map<String, Mark> marks = new HashMap<>();

        Reader(@Nullable String expectedModel) {
            this.expectedModel = expectedModel;
        }

        RuleParseResult read(@Nullable String text) {
            if (text == null || text.isBlank()) {
                return fail("", "the rule is empty; write at least 'model: <name>' and a traffic split");
            }
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_TEXT_BYTES) {
                return fail("", "the rule is " + bytes + " bytes; at most " + MAX_TEXT_BYTES + " are allowed");
            }
            Node root;
            try {
                root = newYaml().compose(new StringReader(text));
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
                RuleProblem problem = RuleProblem.at("", "invalid YAML: " + what);
                if (mark != null) {
                    problem = problem.withPosition(mark.getLine() + 1, mark.getColumn() + 1);
                }
                return RuleParseResult.invalid(List.of(problem));
            } catch (YAMLException e) {
                return fail("", "YAML error: " + e.getMessage());
            }
            if (root == null) {
                return fail("", "the rule is empty; write at least 'model: <name>' and a traffic split");
            }
            if (!(root instanceof MappingNode mapping)) {
                return fail(root, "", "the rule must be a YAML mapping (key: value lines), found " + kind(root));
            }
            ModelRouteRule rule = readRule(mapping);
            if (!problems.isEmpty() || rule == null) {
                return RuleParseResult.invalid(problems);
            }
            return RuleParseResult.valid(rule);
        }

        private static Yaml newYaml() {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by us, with a path
            options.setMaxAliasesForCollections(MAX_YAML_ALIASES);
            options.setAllowRecursiveKeys(false);
            options.setNestingDepthLimit(MAX_NESTING);
            options.setCodePointLimit(MAX_TEXT_BYTES);
            return new Yaml(new SafeConstructor(options));
        }

        private @Nullable ModelRouteRule readRule(MappingNode root) {
            Map<String, Node> fields = fields(
                    root,
                    "",
                    Set.of(
                            "configVersion",
                            "model",
                            "enabled",
                            "traffic",
                            "aliases",
                            "gpu",
                            "stickyKey",
                            "fallback",
                            "shadow"));
            Node configVersion = fields.get("configVersion");
            if (configVersion != null) {
                String value = string(configVersion, "configVersion");
                if (value != null && !ModelRouteRule.CONFIG_VERSION.equals(value)) {
                    problem(
                            configVersion,
                            "configVersion",
                            "'" + ModelNames.abbreviate(value) + "' is not supported; this build reads '"
                                    + ModelRouteRule.CONFIG_VERSION + "'");
                }
            }
            String model = null;
            Node modelNode = fields.get("model");
            if (modelNode == null) {
                problem(root, "model", "missing; name the model this rule routes, e.g. 'model: sentiment'");
            } else {
                model = string(modelNode, "model");
                if (model != null && expectedModel != null && !expectedModel.equals(model)) {
                    problem(
                            modelNode,
                            "model",
                            "'" + ModelNames.abbreviate(model) + "' does not match the key's model '" + expectedModel
                                    + "'; the rule of a model is stored under '" + expectedModel
                                    + RouteRules.KEY_SUFFIX + "'");
                }
            }
            boolean enabled = true;
            Node enabledNode = fields.get("enabled");
            if (enabledNode != null) {
                Boolean value = bool(enabledNode, "enabled");
                enabled = value == null || value;
            }
            int problemsBeforeTraffic = problems.size();
            List<TrafficSplit> traffic = readTraffic(fields.get("traffic"));
            boolean trafficComplete = problems.size() == problemsBeforeTraffic;
            Map<String, String> aliases = readAliases(fields.get("aliases"));
            GpuConstraints gpu = readGpu(fields.get("gpu"));
            String stickyKey = ModelAttachments.STICKY_KEY;
            Node stickyNode = fields.get("stickyKey");
            if (stickyNode != null) {
                String value = string(stickyNode, "stickyKey");
                if (value != null) {
                    stickyKey = value;
                }
            }
            Fallback fallback = readFallback(fields.get("fallback"));
            ShadowTraffic shadow = readShadow(fields.get("shadow"));
            if (model == null) {
                return null; // already reported
            }
            // The rule-level invariants are judged even when fields had problems, so one read reports everything.
            ModelRouteRule.check(model, traffic, aliases, stickyKey, fallback, shadow, trafficComplete)
                    .forEach(problem -> problems.add(placed(problem)));
            if (!problems.isEmpty()) {
                return null;
            }
            return new ModelRouteRule(model, enabled, traffic, aliases, gpu, stickyKey, fallback, shadow);
        }

        private List<TrafficSplit> readTraffic(@Nullable Node node) {
            List<TrafficSplit> traffic = new ArrayList<>();
            if (node == null || isNull(node)) {
                return traffic;
            }
            if (!(node instanceof SequenceNode sequence)) {
                problem(
                        node,
                        "traffic",
                        "must be a list of '- version: <v>' / 'weight: <0..100>' entries, found " + kind(node));
                return traffic;
            }
            List<Node> entries = sequence.getValue();
            for (int i = 0; i < entries.size(); i++) {
                String path = "traffic[" + i + "]";
                Node entry = entries.get(i);
                if (!(entry instanceof MappingNode mapping)) {
                    problem(entry, path, "must be a mapping with 'version' and 'weight', found " + kind(entry));
                    continue;
                }
                Map<String, Node> fields = fields(mapping, path, Set.of("version", "weight"));
                String version = required(mapping, fields, path, "version", n -> version(n, path + ".version"));
                Integer weight = required(mapping, fields, path, "weight", n -> integer(n, path + ".weight"));
                if (version == null || weight == null) {
                    continue;
                }
                try {
                    traffic.add(new TrafficSplit(version, weight));
                } catch (IllegalArgumentException e) {
                    // the version was checked above, so the weight is out of range
                    problem(fields.get("weight"), path + ".weight", e.getMessage());
                }
            }
            return traffic;
        }

        private Map<String, String> readAliases(@Nullable Node node) {
            Map<String, String> aliases = new LinkedHashMap<>();
            if (node == null || isNull(node)) {
                return aliases;
            }
            if (!(node instanceof MappingNode mapping)) {
                problem(
                        node,
                        "aliases",
                        "must be a mapping of alias to version, e.g. 'champion: \"3\"', found " + kind(node));
                return aliases;
            }
            Set<String> seen = new HashSet<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String alias = key(tuple.getKeyNode(), "aliases");
                if (alias == null) {
                    continue;
                }
                String path = "aliases." + alias;
                if (!seen.add(alias)) {
                    problem(tuple.getKeyNode(), path, "alias '" + alias + "' is defined twice; keep one");
                    continue;
                }
                marks.put(path, tuple.getValueNode().getStartMark());
                String version = version(tuple.getValueNode(), path);
                if (version != null) {
                    aliases.put(alias, version);
                }
            }
            return aliases;
        }

        private GpuConstraints readGpu(@Nullable Node node) {
            if (node == null || isNull(node)) {
                return GpuConstraints.NONE;
            }
            if (!(node instanceof MappingNode mapping)) {
                problem(
                        node,
                        "gpu",
                        "must be a mapping with accelerator, gpuTypes and minGpuMemoryMiB, found " + kind(node));
                return GpuConstraints.NONE;
            }
            Map<String, Node> fields = fields(mapping, "gpu", Set.of("accelerator", "gpuTypes", "minGpuMemoryMiB"));
            Accelerator accelerator = null;
            Node acceleratorNode = fields.get("accelerator");
            if (acceleratorNode != null) {
                String value = string(acceleratorNode, "gpu.accelerator");
                if (value != null && !"any".equals(value)) {
                    accelerator = Accelerator.fromWireName(value).orElse(null);
                    if (accelerator == null) {
                        problem(
                                acceleratorNode,
                                "gpu.accelerator",
                                "'" + ModelNames.abbreviate(value) + "' is not an accelerator; use cpu, gpu or any");
                    }
                }
            }
            List<String> types = new ArrayList<>();
            Node typesNode = fields.get("gpuTypes");
            if (typesNode != null && !isNull(typesNode)) {
                if (typesNode instanceof SequenceNode sequence) {
                    List<Node> values = sequence.getValue();
                    for (int i = 0; i < values.size(); i++) {
                        String type = string(values.get(i), "gpu.gpuTypes[" + i + "]");
                        if (type != null) {
                            types.add(type);
                        }
                    }
                } else {
                    problem(typesNode, "gpu.gpuTypes", "must be a list such as [H100, A100], found " + kind(typesNode));
                }
            }
            long minMemory = 0;
            Node memoryNode = fields.get("minGpuMemoryMiB");
            if (memoryNode != null) {
                Long value = longValue(memoryNode, "gpu.minGpuMemoryMiB");
                if (value != null) {
                    minMemory = value;
                }
            }
            try {
                return new GpuConstraints(accelerator, types, minMemory);
            } catch (IllegalArgumentException e) {
                problem(node, minMemory < 0 ? "gpu.minGpuMemoryMiB" : "gpu", e.getMessage());
                return GpuConstraints.NONE;
            }
        }

        private Fallback readFallback(@Nullable Node node) {
            if (node == null || isNull(node)) {
                return Fallback.FAIL;
            }
            if (!(node instanceof MappingNode mapping)) {
                problem(
                        node,
                        "fallback",
                        "must be a mapping such as 'policy: fail' or 'policy: version' with"
                                + " 'version: \"3\"', found " + kind(node));
                return Fallback.FAIL;
            }
            Map<String, Node> fields = fields(mapping, "fallback", Set.of("policy", "version"));
            String policyName = required(mapping, fields, "fallback", "policy", n -> string(n, "fallback.policy"));
            String version = null;
            Node versionNode = fields.get("version");
            if (versionNode != null) {
                version = version(versionNode, "fallback.version");
                marks.put("fallback.version", versionNode.getStartMark());
            }
            if (policyName == null) {
                return Fallback.FAIL;
            }
            Fallback.Policy policy = Fallback.Policy.fromWireName(policyName).orElse(null);
            if (policy == null) {
                problem(
                        fields.get("policy"),
                        "fallback.policy",
                        "'" + ModelNames.abbreviate(policyName) + "' is not a policy; use fail or version");
                return Fallback.FAIL;
            }
            try {
                return new Fallback(policy, version);
            } catch (IllegalArgumentException e) {
                problem(node, "fallback", e.getMessage());
                return Fallback.FAIL;
            }
        }

        private @Nullable ShadowTraffic readShadow(@Nullable Node node) {
            if (node == null || isNull(node)) {
                return null;
            }
            if (!(node instanceof MappingNode mapping)) {
                problem(
                        node,
                        "shadow",
                        "must be a mapping such as '{version: \"4\", percent: 10}', found " + kind(node)
                                + "; remove 'shadow' for no mirroring");
                return null;
            }
            Map<String, Node> fields = fields(mapping, "shadow", Set.of("version", "percent"));
            String version = required(mapping, fields, "shadow", "version", n -> version(n, "shadow.version"));
            Double percent = required(mapping, fields, "shadow", "percent", n -> percent(n, "shadow.percent"));
            if (version == null || percent == null) {
                return null;
            }
            return new ShadowTraffic(version, percent);
        }

        /** A share in percent: a whole or decimal number greater than 0 and at most 100. */
        private @Nullable Double percent(Node node, String path) {
            if (node instanceof ScalarNode scalar
                    && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
                double value;
                try {
                    value = Double.parseDouble(scalar.getValue().replace("_", ""));
                } catch (NumberFormatException e) {
                    problem(
                            node,
                            path,
                            "'" + abbreviated(scalar) + "' is not a plain number; write a share such as 10 or 0.5");
                    return null;
                }
                var problem = ShadowTraffic.checkPercent(value);
                if (problem.isPresent()) {
                    problem(node, path, problem.get());
                    return null;
                }
                return value;
            }
            String found =
                    node instanceof ScalarNode scalar ? kind(node) + " '" + abbreviated(scalar) + "'" : kind(node);
            problem(node, path, "must be a number greater than 0 and at most 100 such as 10 or 0.5, found " + found);
            return null;
        }

        // ---- node helpers ----

        /** The fields of a mapping by name, reporting unknown and duplicate keys. */
        private Map<String, Node> fields(MappingNode mapping, String path, Set<String> known) {
            Map<String, Node> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String name = key(tuple.getKeyNode(), path);
                if (name == null) {
                    continue;
                }
                String fieldPath = path.isEmpty() ? name : path + "." + name;
                if (!known.contains(name)) {
                    problem(
                            tuple.getKeyNode(),
                            fieldPath,
                            "unknown field '" + ModelNames.abbreviate(name) + "'; known fields here are "
                                    + known.stream().sorted().toList());
                } else if (fields.containsKey(name)) {
                    problem(tuple.getKeyNode(), fieldPath, "'" + name + "' is given twice; keep one");
                } else {
                    fields.put(name, tuple.getValueNode());
                    marks.put(fieldPath, tuple.getValueNode().getStartMark());
                }
            }
            return fields;
        }

        private <T> @Nullable T required(
                Node parent, Map<String, Node> fields, String path, String name, Function<Node, @Nullable T> reader) {
            Node node = fields.get(name);
            if (node == null) {
                problem(
                        parent,
                        path + "." + name,
                        "missing; every " + path.replaceAll("\\[\\d+]", "") + " entry needs '" + name + "'");
                return null;
            }
            return reader.apply(node);
        }

        private @Nullable String key(Node node, String path) {
            if (node instanceof ScalarNode scalar) {
                return scalar.getValue();
            }
            problem(node, path, "keys must be plain names, found " + kind(node));
            return null;
        }

        private @Nullable String string(Node node, String path) {
            if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
                if (scalar.getTag().equals(Tag.STR)) {
                    return scalar.getValue();
                }
                problem(node, path, "must be text, found " + kind(node) + " '" + abbreviated(scalar) + "'");
                return null;
            }
            problem(node, path, "must be text, found " + kind(node));
            return null;
        }

        /** Versions may be written as numbers ({@code 3}) or text ({@code "3"}); both mean the text. */
        private @Nullable String version(Node node, String path) {
            if (node instanceof ScalarNode scalar
                    && (scalar.getTag().equals(Tag.STR) || scalar.getTag().equals(Tag.INT))) {
                String value = scalar.getValue();
                var problem = ModelNames.checkVersion(value);
                if (problem.isPresent()) {
                    problem(node, path, problem.get());
                    return null;
                }
                return value;
            }
            problem(node, path, "must be a version such as \"3\", found " + kind(node));
            return null;
        }

        private @Nullable Integer integer(Node node, String path) {
            Long value = longValue(node, path);
            if (value == null) {
                return null;
            }
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                problem(node, path, value + " is out of range; weights are 0.." + TrafficSplit.TOTAL_WEIGHT);
                return null;
            }
            return value.intValue();
        }

        private @Nullable Long longValue(Node node, String path) {
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
                try {
                    return Long.decode(scalar.getValue().replace("_", ""));
                } catch (NumberFormatException e) {
                    problem(node, path, "'" + abbreviated(scalar) + "' is too large");
                    return null;
                }
            }
            String found =
                    node instanceof ScalarNode scalar ? kind(node) + " '" + abbreviated(scalar) + "'" : kind(node);
            problem(node, path, "must be a whole number, found " + found);
            return null;
        }

        private @Nullable Boolean bool(Node node, String path) {
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
                return Boolean.valueOf(scalar.getValue().equalsIgnoreCase("true")
                        || scalar.getValue().equalsIgnoreCase("yes")
                        || scalar.getValue().equalsIgnoreCase("on"));
            }
            problem(node, path, "must be true or false, found " + kind(node));
            return null;
        }

        private static boolean isNull(Node node) {
            return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
        }

        private static String abbreviated(ScalarNode scalar) {
            return ModelNames.abbreviate(scalar.getValue());
        }

        private static String kind(Node node) {
            if (node instanceof MappingNode) {
                return "a mapping";
            }
            if (node instanceof SequenceNode) {
                return "a list";
            }
            Tag tag = node.getTag();
            if (tag.equals(Tag.NULL)) {
                return "nothing";
            }
            if (tag.equals(Tag.INT)) {
                return "a number";
            }
            if (tag.equals(Tag.FLOAT)) {
                return "a decimal number";
            }
            if (tag.equals(Tag.BOOL)) {
                return "a boolean";
            }
            if (tag.equals(Tag.STR)) {
                return "text";
            }
            return "a value tagged " + tag.getValue();
        }

        // ---- problem helpers ----

        private RuleProblem placed(RuleProblem problem) {
            Mark mark = marks.get(problem.path());
            if (mark == null) {
                String parent = problem.path().replaceAll("\\[\\d+]\\.\\w+$", "");
                mark = marks.get(parent);
            }
            return mark == null ? problem : problem.withPosition(mark.getLine() + 1, mark.getColumn() + 1);
        }

        private void problem(@Nullable Node node, String path, @Nullable String message) {
            RuleProblem problem = RuleProblem.at(path, message == null ? "invalid value" : message);
            if (node != null) {
                Mark mark = node.getStartMark();
                if (mark != null) {
                    problem = problem.withPosition(mark.getLine() + 1, mark.getColumn() + 1);
                }
            }
            problems.add(problem);
        }

        private RuleParseResult fail(String path, String message) {
            return RuleParseResult.invalid(List.of(RuleProblem.at(path, message)));
        }

        private RuleParseResult fail(Node node, String path, String message) {
            problem(node, path, message);
            return RuleParseResult.invalid(problems);
        }
    }
}
