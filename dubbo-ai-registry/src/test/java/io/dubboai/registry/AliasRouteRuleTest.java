package io.dubboai.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.registry.RegistryException.Reason;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.registry.rule.AliasRuleSynchronizer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alias moves against route rules that cannot take them, on a real ZooKeeper: the alias never moves on error. */
class AliasRouteRuleTest {

    /** Parses as YAML but is not a rule this codec accepts (unknown config version). */
    private static final String INVALID_RULE = "configVersion: v9\nmodel: whatever\n";

    @TempDir
    static Path temp;

    static EmbeddedZooKeeper zooKeeper;
    static RegistryNode node;

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
        node = new RegistryNode(zooKeeper.dubboAddress(), null, temp);
        assertThat(RouteRuleCodec.parse(INVALID_RULE).isValid()).isFalse();
    }

    @AfterAll
    static void stop() {
        node.close();
        zooKeeper.close();
    }

    @Test
    void setAliasWhenTheRouteRuleIsInvalidShouldLeaveTheAliasWhereItWasAndNameTheRule() {
        String model = "invalid-rule-set";
        modelWithChampionAtVersionOne(model);
        writeRule(model, INVALID_RULE);

        RegistryException error = catchThrowableOfType(
                RegistryException.class, () -> node.registry.setAlias(model, "champion", 2, "bob"));

        assertThat(error.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(error.getMessage()).contains(RouteRules.ruleKey(model), "is not valid", "fix the rule first");
        assertThat(node.store.loadModel(model).orElseThrow().aliases()).containsEntry("champion", 1L);
        assertThat(readRule(model)).isEqualTo(INVALID_RULE);
    }

    @Test
    void deleteAliasWhenTheRouteRuleIsInvalidShouldKeepTheAlias() {
        String model = "invalid-rule-delete";
        modelWithChampionAtVersionOne(model);
        writeRule(model, INVALID_RULE);

        RegistryException error = catchThrowableOfType(
                RegistryException.class, () -> node.registry.deleteAlias(model, "champion", "bob"));

        assertThat(error.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(error.getMessage()).contains(RouteRules.ruleKey(model), "fix the rule first");
        assertThat(node.store.loadModel(model).orElseThrow().aliases()).containsEntry("champion", 1L);
    }

    @Test
    void setAliasWhenTheRuleTurnsInvalidDuringTheMoveShouldPutTheAliasBack() {
        String model = "invalid-rule-midway";
        modelWithChampionAtVersionOne(model);
        // The access check runs inside the alias write, after the rule was found valid: an operator breaks the
        // rule exactly then, so the alias is already moved when the rule write fails.
        AtomicBoolean broken = new AtomicBoolean();
        ModelAccessPolicy breakRuleOnce = (actor, checked) -> {
            if (checked.name().equals(model) && broken.compareAndSet(false, true)) {
                writeRule(model, INVALID_RULE);
            }
        };
        ModelRegistry registry = new ModelRegistry(
                node.store,
                null,
                new ArtifactUriPolicy(Set.of("file"), Set.of(), List.of(temp)),
                new AliasRuleSynchronizer(node.configuration),
                breakRuleOnce,
                Clock.systemUTC());

        RegistryException error =
                catchThrowableOfType(RegistryException.class, () -> registry.setAlias(model, "champion", 2, "bob"));

        assertThat(broken).isTrue();
        assertThat(error.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(error.getMessage())
                .contains(RouteRules.ruleKey(model), "fix the rule first", "alias 'champion' was left at version 1");
        assertThat(node.store.loadModel(model).orElseThrow().aliases()).containsEntry("champion", 1L);
        assertThat(node.registry.resolveAlias(model, "champion").version()).isEqualTo(1);
    }

    private static void modelWithChampionAtVersionOne(String model) {
        node.registry.createModel(new NewModel(model, "", "", Map.of()), "alice");
        node.registry.createVersion(model, NewVersion.ofArtifact(null, null), "alice");
        node.registry.createVersion(model, NewVersion.ofArtifact(null, null), "alice");
        node.registry.setAlias(model, "champion", 1, "alice");
        assertThat(RouteRuleCodec.parse(readRule(model)).orElseThrow().resolveAlias("champion"))
                .contains("1");
    }

    private static void writeRule(String model, String text) {
        assertThat(node.configuration.publishConfig(RouteRules.ruleKey(model), RouteRules.GROUP, text))
                .isTrue();
    }

    private static String readRule(String model) {
        return node.configuration.getConfig(RouteRules.ruleKey(model), RouteRules.GROUP);
    }
}
