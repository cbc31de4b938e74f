package dev.shopfloor.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for one backend service over plain HTTP (the JDK's {@link HttpServer} on a random port): records every
 * request it gets and answers with a configurable reply, by default {@code 200 {"servedBy":"<name>"}}.
 */
final class BackendStub implements AutoCloseable {

    /** What the backend received. Query and path are raw (still percent-encoded); null query when there is none. */
    record Received(String method, String path, String query, String body, Map<String, List<String>> headers) {

        String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.getFirst();
        }

        /** Every value of the header {@code name} (any case), in the order received; empty when it was not sent. */
        List<String> headers(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .toList();
        }
    }

    /** What the backend answers: status, headers (including Content-Type), body, after an optional delay. */
    record Reply(int status, Map<String, String> headers, String body, Duration delay) {}

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Reply reply;

    private BackendStub(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        reset();
        server.start();
    }

    static BackendStub start(String name) {
        return new BackendStub(name);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets received requests and goes back to the default reply. */
    void reset() {
        received.clear();
        reply = new Reply(
                200, Map.of("Content-Type", "application/json"), "{\"servedBy\":\"" + name + "\"}", Duration.ZERO);
    }

    void replyWith(Reply reply) {
        this.reply = reply;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    body,
                    Map.copyOf(exchange.getRequestHeaders())));
            Reply answer = reply;
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay());
            }
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }
}
