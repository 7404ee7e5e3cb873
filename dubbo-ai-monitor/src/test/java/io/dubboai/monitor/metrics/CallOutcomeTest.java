package io.dubboai.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.oip.OipInferenceService;
import java.util.concurrent.CompletionException;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.TriRpcStatus;
import org.junit.jupiter.api.Test;

class CallOutcomeTest {

    @Test
    void of_servingErrorsAndTheirGrpcStatus_giveTheKindOnBothSides() {
        for (ErrorKind kind : ErrorKind.values()) {
            ServingException error = new ServingException(kind, "m", "x");
            assertThat(CallOutcome.of(error, false)).isEqualTo(CallOutcome.of(kind));
            assertThat(CallOutcome.of(new CompletionException(error), true)).isEqualTo(CallOutcome.of(kind));
            assertThat(CallOutcome.of(OipInferenceService.status(error), false)).isEqualTo(CallOutcome.of(kind));
        }
        assertThat(CallOutcome.of(ErrorKind.OVERLOADED).errorTag()).isEqualTo("overloaded");
        assertThat(CallOutcome.SUCCESS.errorTag()).isEqualTo("none");
        assertThat(CallOutcome.SUCCESS.outcomeTag()).isEqualTo("success");
        assertThat(CallOutcome.QUEUE_TIMEOUT.outcomeTag()).isEqualTo("error");
    }

    @Test
    void of_deadlineExceededOnTheConsumer_isATimeout() {
        ServingException queueTimeout = new ServingException(ErrorKind.QUEUE_TIMEOUT, "m", "waited");
        assertThat(CallOutcome.of(OipInferenceService.status(queueTimeout), true))
                .isEqualTo(CallOutcome.TIMEOUT);
        assertThat(CallOutcome.of(
                        TriRpcStatus.DEADLINE_EXCEEDED
                                .withDescription("deadline")
                                .asException(),
                        false))
                .isEqualTo(CallOutcome.QUEUE_TIMEOUT);
    }

    @Test
    void of_rpcFailuresByDubboCodeAndAnythingElseAsApplication() {
        assertThat(CallOutcome.of(null, true)).isEqualTo(CallOutcome.SUCCESS);
        assertThat(CallOutcome.of(new RpcException(RpcException.TIMEOUT_EXCEPTION, "t"), true))
                .isEqualTo(CallOutcome.TIMEOUT);
        assertThat(CallOutcome.of(new RpcException(RpcException.NETWORK_EXCEPTION, "n"), true))
                .isEqualTo(CallOutcome.NETWORK);
        assertThat(CallOutcome.of(new RpcException(RpcException.LIMIT_EXCEEDED_EXCEPTION, "l"), true))
                .isEqualTo(CallOutcome.LIMIT_EXCEEDED);
        assertThat(CallOutcome.of(new RpcException(RpcException.FORBIDDEN_EXCEPTION, "f"), true))
                .isEqualTo(CallOutcome.FORBIDDEN);
        assertThat(CallOutcome.of(new RpcException(RpcException.SERIALIZATION_EXCEPTION, "s"), true))
                .isEqualTo(CallOutcome.SERIALIZATION);
        assertThat(CallOutcome.of(new RpcException(RpcException.NO_INVOKER_AVAILABLE_AFTER_FILTER, "p"), true))
                .isEqualTo(CallOutcome.NO_PROVIDER);
        assertThat(CallOutcome.of(new RpcException("other"), true)).isEqualTo(CallOutcome.RPC);
        assertThat(CallOutcome.of(new IllegalStateException("business"), false)).isEqualTo(CallOutcome.APPLICATION);
    }
}
