package io.dubboai.serving.engine;

import io.dubboai.serving.DelegatingLoadedModel;
import io.dubboai.serving.loader.LoadedModel;
import io.dubboai.serving.tensor.Tensor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real model, held at the start of a run until released: makes queueing observable without sleeps. Records the
 * first value of the first input of every run, in run order.
 */
final class BlockingModel extends DelegatingLoadedModel {
    final ConcurrentLinkedQueue<Float> firstValues = new ConcurrentLinkedQueue<>();
    volatile CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch release = new CountDownLatch(1);

    BlockingModel(LoadedModel delegate) {
        super(delegate);
    }

    void block() {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
        CountDownLatch gate = release;
        firstValues.add(inputs.values().iterator().next().floats()[0]);
        entered.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released the model");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return delegate.run(inputs, outputs);
    }
}
