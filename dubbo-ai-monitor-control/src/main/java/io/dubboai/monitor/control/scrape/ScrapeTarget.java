package io.dubboai.monitor.control.scrape;

import java.net.URI;

/**
 * One provider's metrics endpoint and the model version it serves.
 *
 * @param model the model ({@code dubbo-ai-model})
 * @param version the version ({@code dubbo-ai-model-version})
 * @param host the provider's host
 * @param port its QoS port ({@code dubbo-ai-metrics-port})
 */
public record ScrapeTarget(String model, String version, String host, int port) {

    /** Validates the port. */
    public ScrapeTarget {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 1..65535, but was " + port);
        }
    }

    /** {@code host:port}, Prometheus' {@code instance}. */
    public String instance() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URL of its {@code /metrics}. */
    public URI metricsUri() {
        return URI.create("http://" + instance() + "/metrics");
    }
}
