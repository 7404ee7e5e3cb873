package io.dubboai.monitor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one model service as one side sees it (one set of model, version, accelerator and GPU type tags):
 * requests by outcome, latency by success/error, in-flight calls. Built once per tag set; a call only increments.
 *
 * <p>Request counters are registered on first use of each outcome (a provider that never times out exports no
 * {@code error="timeout"} series); success and error are registered at once, so an error rate reads 0 rather than
 * nothing. Thread-safe: a racing first use registers the same counter twice and Micrometer returns the same meter.
 */
public final class ServiceMeters {

    /**
     * Latency buckets every latency histogram has, besides Micrometer's percentile buckets between
     * {@link #MIN_LATENCY} and {@link #MAX_LATENCY}: {@link ModelMetricNames#LATENCY_SLO_BUCKETS}.
     */
    static final Duration[] LATENCY_SLOS = ModelMetricNames.LATENCY_SLO_BUCKETS.toArray(Duration[]::new);

    /** Smallest latency the histogram resolves: calls faster than this land in the first bucket. */
    static final Duration MIN_LATENCY = Duration.ofMillis(1);

    /** Largest latency the histogram resolves: slower calls land in {@code +Inf}. */
    static final Duration MAX_LATENCY = Duration.ofSeconds(30);

    private final MeterRegistry registry;
    private final String requestsName;
    private final Tags tags;
    private final AtomicReferenceArray<Counter> requests = new AtomicReferenceArray<>(CallOutcome.values().length);
    private final Timer successLatency;
    private final Timer errorLatency;
    private final AtomicInteger inFlight = new AtomicInteger();

    ServiceMeters(MeterRegistry registry, Side side, Tags tags) {
        this.registry = registry;
        this.requestsName = side.requests;
        this.tags = tags;
        this.successLatency = latency(registry, side, tags, "success");
        this.errorLatency = latency(registry, side, tags, "error");
        Gauge.builder(side.inFlight, inFlight, AtomicInteger::get)
                .description(side.inFlightDescription)
                .tags(tags)
                .strongReference(true)
                .register(registry);
        counter(CallOutcome.SUCCESS);
    }

    private static Timer latency(MeterRegistry registry, Side side, Tags tags, String outcome) {
        return Timer.builder(side.latency)
                .description(side.latencyDescription)
                .tags(tags)
                .tag(ModelMetricNames.TAG_OUTCOME, outcome)
                .publishPercentileHistogram()
                .serviceLevelObjectives(LATENCY_SLOS)
                .minimumExpectedValue(MIN_LATENCY)
                .maximumExpectedValue(MAX_LATENCY)
                .register(registry);
    }

    /** A call started: one more in flight. */
    public void started() {
        inFlight.incrementAndGet();
    }

    /** A call {@link #started()} before ended. */
    public void finished(CallOutcome outcome, long elapsedNanos) {
        inFlight.decrementAndGet();
        counter(outcome).increment();
        (outcome == CallOutcome.SUCCESS ? successLatency : errorLatency).record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /** Calls in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The tags every meter of this service carries. */
    public Tags tags() {
        return tags;
    }

    private Counter counter(CallOutcome outcome) {
        Counter counter = requests.get(outcome.ordinal());
        if (counter == null) {
            counter = Counter.builder(requestsName)
                    .description("Model calls by outcome and error kind")
                    .tags(tags)
                    .tag(ModelMetricNames.TAG_OUTCOME, outcome.outcomeTag())
                    .tag(ModelMetricNames.TAG_ERROR, outcome.errorTag())
                    .register(registry);
            requests.set(outcome.ordinal(), counter);
        }
        return counter;
    }

    /** Which side of a call the meters describe: their names. */
    public enum Side {
        PROVIDER(
                ModelMetricNames.REQUESTS,
                ModelMetricNames.LATENCY,
                ModelMetricNames.IN_FLIGHT,
                "Time a model provider took to serve a call",
                "Model calls being served now"),
        CONSUMER(
                ModelMetricNames.CLIENT_REQUESTS,
                ModelMetricNames.CLIENT_LATENCY,
                ModelMetricNames.CLIENT_IN_FLIGHT,
                "Round-trip time of a call to a model provider",
                "Model calls waiting for an answer now");

        final String requests;
        final String latency;
        final String inFlight;
        final String latencyDescription;
        final String inFlightDescription;

        Side(String requests, String latency, String inFlight, String latencyDescription, String inFlightDescription) {
            this.requests = requests;
            this.latency = latency;
            this.inFlight = inFlight;
            this.latencyDescription = latencyDescription;
            this.inFlightDescription = inFlightDescription;
        }
    }
}
