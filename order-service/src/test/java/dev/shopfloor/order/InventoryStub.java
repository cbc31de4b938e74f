package dev.shopfloor.order;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real HTTP server that stands in for inventory-service's catalog API in tests:
 * {@code GET /api/products/{sku}} answers {@code {sku, name, price, available}} for the products it was given,
 * 404 for others, and can be made to fail (500, or 400 for everything), to fail only the next few requests, or to
 * answer slowly. It counts the requests it gets.
 */
final class InventoryStub implements AutoCloseable {

    enum Mode {
        UP,
        /** every request gets a 500 */
        FAILING,
        /** every request gets a 400 */
        BAD_REQUEST,
        /** every request waits {@link #slowMillis(long)} before it is answered as when up */
        SLOW
    }

    private final HttpServer server;
    private final Map<String, String[]> prices = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.UP;
    private volatile long slowMillis = 4_000;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failNextStatus = 503;

    private InventoryStub(HttpServer server) {
        this.server = server;
    }

    static InventoryStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            InventoryStub stub = new InventoryStub(server);
            server.createContext("/api/products/", stub::handle);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    InventoryStub product(String sku, String amount, String currency) {
        prices.put(sku, new String[] {amount, currency});
        return this;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    void slowMillis(long millis) {
        this.slowMillis = millis;
    }

    /** The next {@code count} requests get {@code status}, whatever the mode; then the mode answers again. */
    void failNext(int count, int status) {
        this.failNextStatus = status;
        this.failNext.set(count);
    }

    /** Requests received since the start. */
    int requests() {
        return requests.get();
    }

    /** The {@code traceparent} header of each request received, in order (empty for a request without one). */
    List<String> traceparents() {
        return List.copyOf(traceparents);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            traceparents.add(Objects.toString(exchange.getRequestHeaders().getFirst("traceparent"), ""));
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, failNextStatus, "{\"status\":" + failNextStatus + "}");
                return;
            }
            switch (mode) {
                case FAILING -> {
                    respond(exchange, 500, "{\"status\":500}");
                    return;
                }
                case BAD_REQUEST -> {
                    respond(exchange, 400, "{\"status\":400}");
                    return;
                }
                case SLOW -> sleep(slowMillis);
                case UP -> {}
            }
            String sku = exchange.getRequestURI().getPath().substring("/api/products/".length());
            String[] price = prices.get(sku);
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"status\":405}");
            } else if (price == null) {
                respond(exchange, 404, "{\"status\":404,\"detail\":\"no product " + sku + "\"}");
            } else {
                respond(exchange, 200, """
                        {"sku":"%s","name":"Product %s","price":{"amount":"%s","currency":"%s"},"available":10}""".formatted(sku, sku, price[0], price[1]));
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
