package io.dubboai.serving.provider;

/**
 * Dubbo's QoS server of a model provider: the HTTP port that serves Dubbo's commands and, with
 * {@code dubbo-metrics-prometheus} on the class path, Prometheus' {@code GET /metrics} (what Dubbo Admin and Dubbo's
 * Grafana dashboards scrape).
 *
 * @param enabled whether the QoS server starts
 * @param host address it binds; {@code 127.0.0.1} by default, so only this host can reach it
 * @param port {@code 1..65535}, or {@code 0} for a free port chosen when the server starts (tests; read it back with
 *     {@link ModelServer#qosPort()})
 * @param acceptForeignIp whether other hosts may run its protected commands (Dubbo's {@code qos-accept-foreign-ip});
 *     off by default
 */
public record QosConfig(boolean enabled, String host, int port, boolean acceptForeignIp) {

    /** Dubbo's default QoS port. */
    public static final int DEFAULT_PORT = 22222;

    /** The default: on, {@code 127.0.0.1:22222}, loopback callers only. */
    public static final QosConfig LOOPBACK = new QosConfig(true, "127.0.0.1", DEFAULT_PORT, false);

    /** No QoS server, hence no {@code /metrics}. */
    public static final QosConfig DISABLED = new QosConfig(false, "127.0.0.1", DEFAULT_PORT, false);

    /** Validates the port and the host. */
    public QosConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("QoS port must be 0 (a free port) or 1..65535, but was " + port);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("QoS host must not be blank; use 127.0.0.1 to stay on loopback");
        }
    }

    /** On, on {@code 127.0.0.1:port}, loopback callers only; {@code port} 0 picks a free port at start. */
    public static QosConfig loopback(int port) {
        return new QosConfig(true, "127.0.0.1", port, false);
    }
}
