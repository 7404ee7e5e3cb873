package io.dubboai.controlplane.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.controlplane.testing.Concurrently;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.rule.Fallback;
import io.dubboai.core.rule.InvalidRouteRuleException;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.TrafficSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The editor on a real (embedded) ZooKeeper, with two editors on two Dubbo frameworks (two ZooKeeper clients) playing
 * two control-plane nodes, and a third client writing the config center directly.
 */
class RouteRuleEditorTest {

    @TempDir
    static Path temp;

    static EmbeddedZooKeeper zooKeeper;
    static List<FrameworkModel> frameworks = new ArrayList<>();
    static RouteRuleEditor editor;
    static RouteRuleEditor otherNode;
    static DynamicConfiguration direct;

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
        editor = RouteRuleEditor.on(configuration());
        otherNode = RouteRuleEditor.on(configuration());
        direct = configuration();
    }

    private static DynamicConfiguration configuration() {
        FrameworkModel framework = new FrameworkModel();
        frameworks.add(framework);
        return ConfigCenters.open(zooKeeper.dubboAddress(), framework.newApplication());
    }

    @AfterAll
    static void stop() {
        frameworks.forEach(FrameworkModel::destroy);
        zooKeeper.close();
    }

    @Test
    void editWhenAbsentExpectedShouldCreateOnceAndRefuseTheSecondCreate() {
        ModelRouteRule rule =
                ModelRouteRule.builder("create-once").traffic("1", 100).build();

        RouteRuleEdit created = editor.edit("create-once", RouteRulePrecondition.ABSENT, stored -> Optional.of(rule));
        RouteRuleEditException second = catchThrowableOfType(
                RouteRuleEditException.class,
                () -> otherNode.edit("create-once", RouteRulePrecondition.ABSENT, stored -> Optional.of(rule)));

        assertThat(created.created()).isTrue();
        assertThat(created.after().rule()).contains(rule);
        assertThat(second.reason()).isEqualTo(RouteRuleEditException.Reason.PRECONDITION_FAILED);
        assertThat(second.currentEtag()).isEqualTo(created.after().etag());
        assertThat(second.getMessage()).contains("create-once.model-route", "exists already");
    }

    @Test
    void editWithAStaleTagShouldBeRefusedAndWriteNothing() {
        String model = "stale-tag";
        RouteRuleEdit first = editor.edit(
                model,
                RouteRulePrecondition.ANY,
                stored -> Optional.of(
                        ModelRouteRule.builder(model).traffic("1", 100).build()));
        String staleTag = first.after().etag();
        RouteRuleEdit second = otherNode.edit(
                model,
                RouteRulePrecondition.matching(staleTag),
                stored -> Optional.of(
                        stored.rule().orElseThrow().toBuilder().enabled(false).build()));

        RouteRuleEditException refused = catchThrowableOfType(
                RouteRuleEditException.class,
                () -> editor.edit(
                        model,
                        RouteRulePrecondition.matching(staleTag),
                        stored -> Optional.of(
                                ModelRouteRule.builder(model).traffic("9", 100).build())));

        assertThat(second.written()).isTrue();
        assertThat(refused.reason()).isEqualTo(RouteRuleEditException.Reason.PRECONDITION_FAILED);
        assertThat(refused.currentEtag()).isEqualTo(second.after().etag());
        assertThat(refused.getMessage()).contains(staleTag, second.after().etag(), "read it again");
        assertThat(editor.read(model).orElseThrow().text())
                .isEqualTo(second.after().text());
    }

    @Test
    void editWhenAnotherWriterComesBetweenReadAndWriteShouldRetryAndKeepTheOtherWritersFields() {
        String model = "interleaved";
        editor.edit(
                model,
                RouteRulePrecondition.ANY,
                stored -> Optional.of(
                        ModelRouteRule.builder(model).traffic("1", 100).build()));
        AtomicInteger calls = new AtomicInteger();

        RouteRuleEdit edit = editor.edit(model, RouteRulePrecondition.ANY, stored -> {
            if (calls.incrementAndGet() == 1) {
                // another node moves an alias after this pass read the rule: this pass' write must lose
                otherNode.edit(
                        model,
                        RouteRulePrecondition.ANY,
                        inner -> Optional.of(inner.rule().orElseThrow().withAlias("champion", "1")));
            }
            ModelRouteRule rule = stored.rule().orElseThrow();
            return Optional.of(rule.toBuilder()
                    .traffic(List.of(new TrafficSplit("1", 100)))
                    .fallback(Fallback.toVersion("1"))
                    .build());
        });

        assertThat(calls).hasValue(2);
        assertThat(edit.before().rule().orElseThrow().aliases()).containsEntry("champion", "1");
        ModelRouteRule stored = editor.read(model).orElseThrow().rule().orElseThrow();
        assertThat(stored.aliases()).containsEntry("champion", "1");
        assertThat(stored.fallback()).isEqualTo(Fallback.toVersion("1"));
    }

    @Test
    void editWhenManyWritersChangeTheirOwnFieldsAtOnceShouldLoseNone() throws Exception {
        String model = "many-writers";
        List<Callable<RouteRuleEdit>> writers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String alias = "a" + i;
            RouteRuleEditor node = i % 2 == 0 ? editor : otherNode;
            writers.add(() -> node.edit(model, RouteRulePrecondition.ANY, stored -> {
                ModelRouteRule base = stored == null
                        ? ModelRouteRule.builder(model).traffic("1", 100).build()
                        : stored.rule().orElseThrow();
                return Optional.of(base.withAlias(alias, "1"));
            }));
        }
        writers.add(() -> otherNode.edit(model, RouteRulePrecondition.ANY, stored -> {
            ModelRouteRule base = stored == null
                    ? ModelRouteRule.builder(model).traffic("1", 100).build()
                    : stored.rule().orElseThrow();
            return Optional.of(base.toBuilder().stickyKey("user-id").build());
        }));

        List<RouteRuleEdit> edits = Concurrently.runTogether(writers);

        assertThat(edits).allMatch(RouteRuleEdit::written);
        ModelRouteRule rule = editor.read(model).orElseThrow().rule().orElseThrow();
        assertThat(rule.aliases()).containsOnlyKeys("a0", "a1", "a2", "a3", "a4", "a5");
        assertThat(rule.stickyKey()).isEqualTo("user-id");
        assertThat(edits.stream().filter(RouteRuleEdit::created)).hasSize(1);
    }

    @Test
    void editThatChangesNothingShouldNotWrite() {
        String model = "unchanged";
        RouteRuleEdit first = editor.edit(
                model,
                RouteRulePrecondition.ANY,
                stored -> Optional.of(
                        ModelRouteRule.builder(model).traffic("1", 100).build()));

        RouteRuleEdit same =
                editor.edit(model, RouteRulePrecondition.matching(first.after().etag()), stored -> stored.rule());
        RouteRuleEdit empty = editor.edit(model, RouteRulePrecondition.ANY, stored -> Optional.empty());

        assertThat(same.written()).isFalse();
        assertThat(empty.written()).isFalse();
        assertThat(same.after().etag()).isEqualTo(first.after().etag());
        assertThat(empty.after().etag()).isEqualTo(first.after().etag());
    }

    @Test
    void readWhenTheStoredTextIsInvalidShouldReportItsProblemsAndHandItToTheChange() {
        String model = "hand-written";
        String broken = "model: hand-written\ntraffic:\n  - {version: \"1\", weight: 90}\n";
        assertThat(direct.publishConfig(RouteRules.ruleKey(model), RouteRules.GROUP, broken))
                .isTrue();

        StoredRouteRule stored = editor.read(model).orElseThrow();
        RouteRuleEdit repaired = editor.edit(
                model,
                RouteRulePrecondition.matching(stored.etag()),
                current -> Optional.of(
                        ModelRouteRule.builder(model).traffic("1", 100).build()));

        assertThat(stored.isValid()).isFalse();
        assertThat(stored.text()).isEqualTo(broken);
        assertThat(stored.parsed().problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                .contains("weights sum to 90"));
        assertThat(repaired.before().isValid()).isFalse();
        assertThat(RouteRuleCodec.parse(model, direct.getConfig(RouteRules.ruleKey(model), RouteRules.GROUP)))
                .satisfies(result -> assertThat(result.isValid()).isTrue());
    }

    @Test
    void editOfARuleNamingAnotherModelShouldBeRefused() {
        IllegalArgumentException error = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> editor.edit(
                        "mine",
                        RouteRulePrecondition.ANY,
                        stored -> Optional.of(ModelRouteRule.builder("theirs").build())));

        assertThat(error).isNotInstanceOf(InvalidRouteRuleException.class);
        assertThat(error.getMessage()).contains("'theirs'", "'mine'");
        assertThat(editor.read("mine")).isEmpty();
    }
}
