package io.dubboai.monitor.control.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on loopback that records the JSON bodies POSTed to it and answers a settable status. */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private final List<Integer> answered = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                int answer = receiver.status;
                if (answer == 200) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> json = JSON.readValue(body, Map.class);
                    receiver.received.add(json);
                } else {
                    body.readAllBytes();
                }
                receiver.answered.add(answer);
                exchange.sendResponseHeaders(answer, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return receiver;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** Answer {@code status} from now on (200 records the body). */
    public void answer(int status) {
        this.status = status;
    }

    public List<Map<String, Object>> received() {
        return List.copyOf(received);
    }

    /** How many POSTs were refused (answered other than 200). */
    public long refused() {
        return answered.stream().filter(status -> status != 200).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
