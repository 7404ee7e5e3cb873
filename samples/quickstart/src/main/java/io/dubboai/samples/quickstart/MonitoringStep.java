package io.dubboai.samples.quickstart;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The quickstart's monitoring: where each provider serves its version's metrics ({@code /metrics}) and input
 * sketches ({@code /aiSketches}) on its QoS port, the server's per-version charts and drift report, and the smoke
 * check that both versions' providers count their own requests.
 */
final class MonitoringStep {

    /** The QoS base URL of each provider, version 1 first. */
    private final List<String> qosUrls = new CopyOnWriteArrayList<>();

    /** Records the QoS port of the next provider (call in version order). */
    void providerQosPort(int port) {
        qosUrls.add("http://127.0.0.1:" + port);
    }

    /** The banner lines: per-version metrics and the drift report, through the server and on the providers. */
    String banner(String baseUrl, String model, String token) {
        StringBuilder metrics = new StringBuilder();
        for (String url : qosUrls) {
            metrics.append(metrics.length() == 0 ? "" : "  ").append(url).append("/metrics");
        }
        String indent = "\n   "; // the banner's indentation
        return "Model metrics " + metrics + "  (per version: requests, errors, latency, batches; /aiSketches: inputs)"
                + indent + "Charts        " + baseUrl + "/api/v1/ai/monitoring/models/" + model
                + "/series?window=PT5M&step=PT30S"
                + indent + "Drift         capture a reference, then read the report (version 2's inputs against it):"
                + indent + "                curl -X POST -H 'Authorization: Bearer " + token + "' \\"
                + indent + "                  " + baseUrl + "/api/v1/ai/monitoring/models/" + model
                + "/versions/2/reference/capture"
                + indent + "                curl -H 'Authorization: Bearer " + token + "' \\"
                + indent + "                  " + baseUrl + "/api/v1/ai/monitoring/models/" + model
                + "/versions/2/drift";
    }

    /**
     * Whether each provider's Prometheus endpoint counts successful requests of its own version (the consumer has
     * called both by now); prints what it found.
     */
    boolean versionsHaveMetrics() {
        for (int i = 0; i < qosUrls.size(); i++) {
            String version = String.valueOf(i + 1);
            String url = qosUrls.get(i) + "/metrics";
            boolean counted = RegistryClient.fetch(url)
                    .map(response -> response.body()
                            .lines()
                            .anyMatch(line -> line.startsWith("dubbo_ai_model_requests_total{")
                                    && line.contains("version=\"" + version + "\"")
                                    && line.contains("outcome=\"success\"")
                                    && !line.endsWith(" 0.0")))
                    .orElse(false);
            System.out.println("Metrics of version " + version + " at " + url + ": "
                    + (counted ? "requests counted" : "no request counted"));
            if (!counted) {
                return false;
            }
        }
        return qosUrls.size() == 2;
    }
}
