package io.dubboai.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** A small HTTP client for the server under test that keeps every answer, for the secret scan. */
final class ApiClient {

    /** One answer. */
    record Reply(int status, String body, HttpResponse<String> raw) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final List<Reply> replies = new CopyOnWriteArrayList<>();

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Reply get(String path, @Nullable String token) {
        return send(request(path, token).GET());
    }

    Reply post(String path, @Nullable String token, String json) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST as if sent by {@code client} through a trusted proxy ({@code X-Forwarded-For}). */
    Reply postFrom(String client, String path, @Nullable String token, String json) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply put(String path, @Nullable String token, String json) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Any request: {@code headers} are name, value pairs; {@code body} with its {@code contentType}, or none when
     * null.
     */
    Reply send(
            String method,
            String path,
            @Nullable String token,
            @Nullable String contentType,
            @Nullable String body,
            String... headers) {
        HttpRequest.Builder builder = request(path, token);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply delete(String path, @Nullable String token) {
        return send(request(path, token).DELETE());
    }

    /** Every answer received so far. */
    List<Reply> replies() {
        return List.copyOf(replies);
    }

    private HttpRequest.Builder request(String path, @Nullable String token) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(response.statusCode(), response.body(), response);
            replies.add(reply);
            return reply;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
