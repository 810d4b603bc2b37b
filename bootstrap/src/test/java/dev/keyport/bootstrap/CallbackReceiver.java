package dev.keyport.bootstrap;

import com.sun.net.httpserver.HttpServer;
import dev.keyport.domain.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The app's side of a custom confirmation or reset (ADR 0022) for the tests: an HTTP receiver on loopback that checks
 * each call's signature under the shared secret, keeps the bodies, and answers the statuses queued (when none: 202 for a path ending in /pending, 400 for /fail, else 200).
 */
final class CallbackReceiver implements AutoCloseable {
    private final HttpServer http;
    private final byte[] secret;
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> badSignatures = new CopyOnWriteArrayList<>();

    CallbackReceiver(byte[] secret) throws IOException {
        this.secret = secret;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
            String timestamp = signature == null ? "" : signature.replaceFirst("^t=(\\d+),.*$", "$1");
            if (signature == null
                    || !signature.equals(WebhookSignature.header(secret, Long.parseLong(timestamp), body))) {
                badSignatures.add(String.valueOf(signature));
            }
            bodies.add(body);
            Integer status = answers.poll();
            if (status == null) { // nothing queued: the path says (for the Node scripts)
                String path = exchange.getRequestURI().getPath();
                status = path.endsWith("/pending") ? 202 : path.endsWith("/fail") ? 400 : 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        http.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    void answer(int... statuses) {
        for (int status : statuses) {
            answers.add(status);
        }
    }

    List<String> bodies() {
        return bodies;
    }

    List<String> badSignatures() {
        return badSignatures;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
