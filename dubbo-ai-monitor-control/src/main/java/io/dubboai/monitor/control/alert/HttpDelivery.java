package io.dubboai.monitor.control.alert;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.core.secret.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON POSTs with bounded retries: up to {@code attempts} tries, waiting between them as {@link BackoffConfig} says
 * (exponential with jitter, capped). A 2xx answer succeeds; a 4xx other than 408 and 429 is not retried (the request
 * is wrong and will stay wrong); anything else is retried.
 */
final class HttpDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);

    private final HttpClient client;
    private final URI uri;
    private final String target;
    private final Duration timeout;
    private final int attempts;
    private final BackoffConfig backoff;

    HttpDelivery(String target, URI uri, Duration timeout, int attempts, BackoffConfig backoff) {
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException(target + " delivery attempts must be 1..10, but was " + attempts);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(target + " URL '" + Secrets.maskAddress(uri.toString())
                    + "' must be http or https, e.g. http://127.0.0.1:9093");
        }
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.uri = uri;
        this.target = target;
        this.timeout = timeout;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /** POSTs {@code json}; throws {@link AlertDeliveryException} when every attempt failed. */
    void post(String json) {
        String last = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(timeout)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                last = "HTTP " + status + ": " + abbreviate(response.body());
                if (status / 100 == 4 && status != 408 && status != 429) {
                    break;
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AlertDeliveryException(target + " delivery to " + describe() + " interrupted");
            }
            LOG.debug("{} delivery attempt {} of {} to {} failed: {}", target, attempt, attempts, describe(), last);
            if (attempt < attempts
                    && !sleep(backoff.delay(attempt, ThreadLocalRandom.current().nextDouble()))) {
                break;
            }
        }
        throw new AlertDeliveryException(target + " delivery to " + describe() + " failed: " + last);
    }

    String describe() {
        return Secrets.maskAddress(uri.toString());
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String abbreviate(String body) {
        String line = body.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
