package io.dubboai.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.router.internal.RoutingTable.ShadowTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.rpc.AppResponse;
import org.apache.dubbo.rpc.AsyncRpcResult;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.InvokeMode;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.RpcInvocation;
import org.apache.dubbo.rpc.model.ServiceModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mirror's bounds, draws, counts and copies, against a cluster invoker stand-in whose answers the test completes.
 * The end-to-end behaviour with real providers is {@link ShadowTrafficTest}'s.
 */
final class ShadowMirrorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ShadowTarget ALWAYS = new ShadowTarget("sentiment", "2", 1.0);

    private final List<CompletableFuture<AppResponse>> answers = new CopyOnWriteArrayList<>();
    private final List<Invocation> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private ShadowMirror mirror = new ShadowMirror(() -> new ShadowSettings(1, 2), () -> 0.0, clock::get);

    @AfterEach
    void stop() {
        mirror.stop();
    }

    @SuppressWarnings("unchecked")
    private Invoker<Object> cluster() {
        Invoker<Object> cluster = mock(Invoker.class);
        when(cluster.invoke(any())).thenAnswer(call -> {
            Invocation invocation = call.getArgument(0);
            sent.add(invocation);
            CompletableFuture<AppResponse> answer = new CompletableFuture<>();
            answers.add(answer);
            return new AsyncRpcResult(answer, invocation);
        });
        return cluster;
    }

    private static RpcInvocation call() {
        RpcInvocation call = new RpcInvocation(
                (ServiceModel) null,
                "predict",
                "io.dubboai.router.SentimentService",
                "io.dubboai.router.SentimentService",
                new Class<?>[] {String.class},
                new Object[] {"great movie"});
        call.setAttachment(ModelAttachments.ROUTED_VERSION, "1");
        call.setAttachment(ModelAttachments.STICKY_KEY, "user-7");
        call.setInvokeMode(InvokeMode.SYNC);
        call.put("profiler", new Object());
        return call;
    }

    private ShadowCounts counts() {
        return mirror.counts().get(0);
    }

    @Test
    void offer_beyondMaxPending_dropsAndCountsTheRest() {
        Invoker<Object> cluster = cluster();

        for (int i = 0; i < 5; i++) {
            mirror.offer(cluster, call(), ALWAYS);
        }

        await().atMost(WAIT).until(() -> sent.size() == 2);
        assertThat(counts().dropped()).isEqualTo(3);
        assertThat(counts().mirrored()).isEqualTo(2);
        assertThat(mirror.pending()).isEqualTo(2);
    }

    @Test
    void offer_afterAnswers_hasItsPermitsBack() {
        Invoker<Object> cluster = cluster();
        mirror.offer(cluster, call(), ALWAYS);
        mirror.offer(cluster, call(), ALWAYS);
        await().atMost(WAIT).until(() -> answers.size() == 2);

        answers.get(0).complete(new AppResponse("2@p2"));
        answers.get(1).complete(new AppResponse(new IllegalStateException("broken")));

        assertThat(mirror.pending()).isZero();
        assertThat(counts().failed())
                .as("an answer holding an exception is a failure")
                .isEqualTo(1);
        mirror.offer(cluster, call(), ALWAYS);
        await().atMost(WAIT).until(() -> sent.size() == 3);
        assertThat(counts().dropped()).isZero();
    }

    @Test
    void offer_drawAboveProbability_sendsNothing() {
        mirror = new ShadowMirror(() -> ShadowSettings.DEFAULTS, () -> 0.3, clock::get);

        mirror.offer(cluster(), call(), new ShadowTarget("sentiment", "2", 0.3));

        // the draw happens on the caller's thread before anything is counted or queued
        assertThat(mirror.counts()).isEmpty();
        assertThat(mirror.pending()).isZero();
    }

    @Test
    void offer_afterStop_dropsAndCounts() {
        mirror.stop();

        mirror.offer(cluster(), call(), ALWAYS);

        assertThat(counts().dropped()).isEqualTo(1);
        assertThat(sent).isEmpty();
    }

    @Test
    void onCounts_seesExistingAndNewTargets() {
        Invoker<Object> cluster = cluster();
        mirror.offer(cluster, call(), ALWAYS);
        List<String> seen = new CopyOnWriteArrayList<>();

        mirror.onCounts(counts -> seen.add(counts.model() + "/" + counts.version()));
        mirror.offer(cluster, call(), new ShadowTarget("fraud", "5", 1.0));
        mirror.offer(cluster, call(), ALWAYS);

        assertThat(seen).containsExactly("sentiment/2", "fraud/5");
    }

    @Test
    void copyOf_pinsTheShadowVersionAndSharesNothingMutable() {
        RpcInvocation call = call();

        RpcInvocation copy = ShadowMirror.copyOf(call, "2");

        assertThat(copy.getAttachment(ModelAttachments.VERSION)).isEqualTo("2");
        assertThat(copy.getAttachment(ModelAttachments.SHADOW)).isEqualTo("true");
        assertThat(copy.getAttachment(ModelAttachments.ROUTED_VERSION))
                .as("rewritten by the router's filter for the copy's provider")
                .isNull();
        assertThat(copy.getAttachment(ModelAttachments.STICKY_KEY)).isEqualTo("user-7");
        assertThat(copy.getInvokeMode()).isEqualTo(InvokeMode.ASYNC);
        assertThat(copy.getMethodName()).isEqualTo("predict");
        assertThat(copy.getArguments()).isNotSameAs(call.getArguments()).containsExactly("great movie");
        assertThat(copy.getAttributes()).isNotSameAs(call.getAttributes()).doesNotContainKey("profiler");
        copy.setAttachment("x", "y");
        assertThat(call.getAttachment("x")).as("attachments are a new map").isNull();
        assertThat(call.getAttachment(ModelAttachments.VERSION)).isNull();
        assertThat(call.getAttachment(ModelAttachments.ROUTED_VERSION)).isEqualTo("1");
    }

    @Test
    void warnings_atMostOneAMinutePerTarget() {
        ShadowCounts counts = new ShadowCounts("sentiment", "2");

        assertThat(counts.countFailed(0)).isTrue();
        assertThat(counts.countFailed(ShadowCounts.WARN_INTERVAL_NANOS - 1)).isFalse();
        assertThat(counts.countFailed(ShadowCounts.WARN_INTERVAL_NANOS)).isTrue();
        assertThat(counts.countDropped(0))
                .as("drops and failures are spaced apart")
                .isTrue();
        assertThat(counts.failed()).isEqualTo(3);
    }

    @Test
    void offer_badSettings_usesTheDefaultsAndStillSends() {
        mirror = new ShadowMirror(
                () -> {
                    throw new IllegalArgumentException(ShadowSettings.THREADS_PROPERTY + " must be at least 1");
                },
                () -> 0.0,
                clock::get);

        mirror.offer(cluster(), call(), ALWAYS);

        await().atMost(WAIT).until(() -> sent.size() == 1);
        assertThat(mirror.pending()).isEqualTo(1);
        assertThat(counts().dropped()).isZero();
    }
}
