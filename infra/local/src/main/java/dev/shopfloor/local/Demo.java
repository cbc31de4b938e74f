package dev.shopfloor.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./platform demo}: against a running platform, loads the sample catalog (52 products with prices and stock)
 * and customer accounts shipped in {@code infra/local/src/main/resources/demo/}, places a mix of orders that end
 * approved, rejected for stock and rejected for payment, waits until every saga has finished, and prints each
 * order's final state as a table.
 *
 * <p>The "expected" column holds on fresh data ({@code ./platform reset}); later runs find customers' credit already
 * partly used.
 */
public final class Demo {

    private static final Duration SAGA_WAIT = Duration.ofSeconds(90);

    private final ApiClient api;
    private final PrintStream out;

    public Demo(ApiClient api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    /** @return 0 when every order reached a final state, 1 otherwise */
    public int run() {
        JsonNode catalog = resource("catalog.json");
        out.println("Loading " + catalog.size() + " products with stock ...");
        for (JsonNode product : catalog) {
            String sku = product.get("sku").asString();
            expect(
                    politely(() -> api.put(
                            "/api/products/" + sku,
                            Map.of("name", product.get("name"), "price", product.get("price")))),
                    200,
                    201);
            expect(
                    politely(() ->
                            api.post("/api/products/" + sku + "/stock", Map.of("quantity", product.get("stock")))),
                    200);
        }
        JsonNode customers = resource("customers.json");
        out.println("Opening " + customers.size() + " customer accounts ...");
        for (JsonNode customer : customers) {
            expect(
                    politely(() -> api.put(
                            "/api/customers/" + customer.get("customerId").asString() + "/account",
                            Map.of("creditLimit", customer.get("creditLimit")))),
                    200,
                    201);
        }
        JsonNode orders = resource("orders.json");
        out.println("Placing " + orders.size() + " orders ...");
        Map<String, JsonNode> placed = new LinkedHashMap<>();
        for (JsonNode order : orders) {
            ApiClient.Answer answer = politely(() -> api.post(
                    "/api/orders", Map.of("customerId", order.get("customerId"), "items", order.get("items"))));
            expect(answer, 202);
            placed.put(answer.json().get("orderId").asString(), order);
        }
        out.println("Waiting for the sagas to finish ...");
        Map<String, JsonNode> finished = awaitFinalStates(placed.keySet());
        printTable(placed, finished);
        return finished.values().stream()
                        .allMatch(o -> !"PENDING".equals(o.get("status").asString()))
                ? 0
                : 1;
    }

    private Map<String, JsonNode> awaitFinalStates(Iterable<String> orderIds) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(SAGA_WAIT);
        List<String> pending = new ArrayList<>();
        orderIds.forEach(pending::add);
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            for (String id : List.copyOf(pending)) {
                ApiClient.Answer answer = politely(() -> api.get("/api/orders/" + id));
                if (answer.status() == 200) {
                    latest.put(id, answer.json());
                    if (!"PENDING".equals(answer.json().get("status").asString())) {
                        pending.remove(id);
                    }
                }
            }
            sleep(300);
        }
        return latest;
    }

    private void printTable(Map<String, JsonNode> placed, Map<String, JsonNode> finished) {
        String format = "%-20s %-8s %-44s %10s  %-9s %-17s %s%n";
        out.println();
        out.printf(format, "ORDER", "CUSTOMER", "ITEMS", "TOTAL EUR", "STATUS", "REASON", "EXPECTED");
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : placed.entrySet()) {
            JsonNode order = finished.get(entry.getKey());
            String status = order == null ? "UNKNOWN" : order.get("status").asString();
            JsonNode reasonNode = order == null ? null : order.get("rejectionReason");
            String reason = reasonNode == null || reasonNode.isNull() ? "" : reasonNode.asString();
            String total = order == null ? "" : order.get("total").get("amount").asString();
            List<String> items = new ArrayList<>();
            for (JsonNode item : entry.getValue().get("items")) {
                items.add(item.get("quantity").asInt() + "x " + item.get("sku").asString());
            }
            String itemText = String.join(", ", items);
            if (itemText.length() > 44) {
                itemText = itemText.substring(0, 41) + "...";
            }
            out.printf(
                    format,
                    entry.getKey(),
                    entry.getValue().get("customerId").asString(),
                    itemText,
                    total,
                    status,
                    reason,
                    entry.getValue().get("expect").asString());
            counts.merge(reason.isEmpty() ? status : status + " " + reason, 1, Integer::sum);
        }
        out.println();
        out.println("Summary: " + counts);
        out.println(
                "(EXPECTED holds on fresh data; after earlier demo runs customers have spent part of their credit.)");
    }

    /**
     * Sends a request, and again after the {@code Retry-After} the gateway names when its rate limit refused it ({@code
     * 429}: the request was not processed, so sending it again is safe), up to 10 times: as a well-behaved client does.
     */
    private ApiClient.Answer politely(java.util.function.Supplier<ApiClient.Answer> request) {
        for (int attempt = 1; ; attempt++) {
            ApiClient.Answer answer = request.get();
            if (answer.status() != 429 || attempt == 10) {
                return answer;
            }
            String retryAfter = answer.header("Retry-After");
            long seconds = retryAfter != null && retryAfter.matches("\\d{1,3}") ? Long.parseLong(retryAfter) : 1;
            try {
                Thread.sleep(Math.max(1, seconds) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void expect(ApiClient.Answer answer, int... statuses) {
        for (int status : statuses) {
            if (answer.status() == status) {
                return;
            }
        }
        throw new IllegalStateException("unexpected answer " + answer.status() + ": " + answer.body());
    }

    private JsonNode resource(String name) {
        try (InputStream in = Demo.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo data " + name + " is missing");
            }
            return api.json().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
