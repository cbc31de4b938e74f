package dev.shopfloor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.local.ApiClient.Answer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The whole platform, started by the same code as {@code ./platform up} (on free ports, in a temporary data folder),
 * driven through the gateway's public API only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformE2EIT {

    private static final Duration SAGA_WAIT = Duration.ofSeconds(90);

    private LocalPlatform platform;
    private ApiClient api;

    @BeforeAll
    void startPlatform() throws Exception {
        Path root = Path.of(System.getProperty("shopfloor.root", "../.."))
                .toAbsolutePath()
                .normalize();
        Path data = Files.createTempDirectory("shopfloor-e2e");
        platform =
                LocalPlatform.start(PlatformLayout.ephemeral(root, data), line -> System.out.println("[e2e] " + line));
        api = new ApiClient(platform.layout().gatewayUrl());
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void approvesAnOrderAndMovesStockAndCreditByExactlyTheOrder() {
        product("E2E-APPROVE", "19.99", 10);
        account("e2e-rich", "1000.00");

        String orderId = placeOrder("e2e-rich", Map.of("E2E-APPROVE", 3));
        JsonNode order = awaitFinal(orderId);

        assertThat(order.get("status").asString()).isEqualTo("APPROVED");
        assertThat(order.get("rejectionReason").isNull()).isTrue();
        assertThat(order.get("total").get("amount").asString()).isEqualTo("59.97");
        assertThat(order.get("items").get(0).get("unitPrice").get("amount").asString())
                .isEqualTo("19.99");
        awaitStock("E2E-APPROVE", 7, 0);
        awaitAccount("e2e-rich", "0.00", "59.97");
    }

    @Test
    void rejectsForStockAndLeavesNothingReserved() {
        product("E2E-SCARCE", "5.00", 2);
        account("e2e-stock", "1000.00");

        String orderId = placeOrder("e2e-stock", Map.of("E2E-SCARCE", 3));
        JsonNode order = awaitFinal(orderId);

        assertThat(order.get("status").asString()).isEqualTo("REJECTED");
        assertThat(order.get("rejectionReason").asString()).isEqualTo("OUT_OF_STOCK");
        awaitStock("E2E-SCARCE", 2, 0);
        awaitAccount("e2e-stock", "0.00", "0.00");
    }

    @Test
    void rejectsForPaymentAndReleasesTheReservedStock() {
        product("E2E-PRICEY", "400.00", 5);
        account("e2e-poor", "100.00");

        String orderId = placeOrder("e2e-poor", Map.of("E2E-PRICEY", 1));
        JsonNode order = awaitFinal(orderId);

        assertThat(order.get("status").asString()).isEqualTo("REJECTED");
        assertThat(order.get("rejectionReason").asString()).isEqualTo("PAYMENT_DECLINED");
        awaitStock("E2E-PRICEY", 5, 0);
        awaitAccount("e2e-poor", "0.00", "0.00");
    }

    @Test
    void sellsExactlyTheStockToConcurrentBuyers() throws Exception {
        product("E2E-RUSH", "1.00", 10);
        account("e2e-rush", "1000.00");

        List<Future<Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(() -> api.post("/api/orders", orderBody("e2e-rush", Map.of("E2E-RUSH", 1)))));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<Answer> answer : answers) {
            assertThat(answer.get().status()).isEqualTo(202);
            ids.add(answer.get().json().get("orderId").asString());
        }
        int approved = 0;
        int outOfStock = 0;
        for (String id : ids) {
            JsonNode order = awaitFinal(id);
            if ("APPROVED".equals(order.get("status").asString())) {
                approved++;
            } else if ("OUT_OF_STOCK".equals(order.get("rejectionReason").asString())) {
                outOfStock++;
            }
        }
        assertThat(approved).isEqualTo(10);
        assertThat(outOfStock).isEqualTo(30);
        awaitStock("E2E-RUSH", 0, 0);
        awaitAccount("e2e-rush", "0.00", "10.00");
    }

    @Test
    void answersBadInputWithProblemDetailsAndWritesNothing() throws Exception {
        product("E2E-VALID", "2.00", 5);
        long ordersBefore = count("orders", "select count(*) from orders");
        long outboxBefore = count("orders", "select count(*) from outbox");

        assertProblem(api.post("/api/orders", Map.of("customerId", "e2e-bad", "items", List.of())), 400);
        assertProblem(api.post("/api/orders", orderBody("e2e-bad", Map.of("E2E-VALID", 0))), 400);
        assertProblem(api.post("/api/orders", orderBody("e2e-bad", Map.of("E2E-NO-SUCH-SKU", 1))), 422);
        assertProblem(api.postRaw("/api/orders", "{\"customerId\": \"e2e-bad\", \"items\": [{\"sku\": "), 400);
        assertProblem(api.get("/api/orders/987654321"), 404);
        // JSON of the wrong type is refused, never coerced (a 1.5 quantity once became 1)
        String line = "{\"customerId\": \"e2e-bad\", \"items\": [{\"sku\": \"E2E-VALID\", \"quantity\": %s}]}";
        assertProblem(api.postRaw("/api/orders", line.formatted("1.5")), 400);
        assertProblem(api.postRaw("/api/orders", line.formatted("1e3")), 400);
        assertProblem(api.postRaw("/api/orders", line.formatted("\"2\"")), 400);
        assertProblem(
                api.postRaw(
                        "/api/orders",
                        "{\"customerId\": \"e2e-bad\", \"customerId\": \"alice\","
                                + " \"items\": [{\"sku\": \"E2E-VALID\", \"quantity\": 1}]}"),
                400);
        assertProblem(api.postRaw("/api/products/E2E-VALID/stock", "{\"quantity\": 1.5}"), 400);
        assertThat(api.get("/api/products/E2E-VALID/stock").json().get("onHand").asInt())
                .isEqualTo(5);

        assertThat(count("orders", "select count(*) from orders")).isEqualTo(ordersBefore);
        assertThat(count("orders", "select count(*) from outbox")).isEqualTo(outboxBefore);
    }

    private void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("title").asString()).isNotBlank();
    }

    private void product(String sku, String price, int stock) {
        Answer put = api.put(
                "/api/products/" + sku,
                Map.of("name", "Test " + sku, "price", Map.of("amount", price, "currency", "EUR")));
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        Answer added = api.post("/api/products/" + sku + "/stock", Map.of("quantity", stock));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
    }

    private void account(String customerId, String limit) {
        Answer put = api.put(
                "/api/customers/" + customerId + "/account",
                Map.of("creditLimit", Map.of("amount", limit, "currency", "EUR")));
        assertThat(put.status()).as(put.body()).isIn(200, 201);
    }

    private static Map<String, Object> orderBody(String customerId, Map<String, Integer> lines) {
        List<Map<String, Object>> items = new ArrayList<>();
        lines.forEach((sku, quantity) -> items.add(Map.of("sku", sku, "quantity", quantity)));
        return Map.of("customerId", customerId, "items", items);
    }

    private String placeOrder(String customerId, Map<String, Integer> lines) {
        Answer answer = api.post("/api/orders", orderBody(customerId, lines));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.header("Location"))
                .endsWith("/api/orders/" + answer.json().get("orderId").asString());
        assertThat(answer.json().get("status").asString()).isEqualTo("PENDING");
        return answer.json().get("orderId").asString();
    }

    private JsonNode awaitFinal(String orderId) {
        Instant deadline = Instant.now().plus(SAGA_WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Answer answer = api.get("/api/orders/" + orderId);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            last = answer.json();
            if (!"PENDING".equals(last.get("status").asString())) {
                return last;
            }
            sleep(200);
        }
        throw new AssertionError("order " + orderId + " still PENDING after " + SAGA_WAIT + ": " + last);
    }

    /** Stock moves by commands after the order's final state, so it converges shortly after. */
    private void awaitStock(String sku, int onHand, int reserved) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode stock = null;
        while (Instant.now().isBefore(deadline)) {
            stock = api.get("/api/products/" + sku + "/stock").json();
            if (stock.get("onHand").asInt() == onHand && stock.get("reserved").asInt() == reserved) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError(
                "stock of " + sku + " expected onHand " + onHand + ", reserved " + reserved + ", was " + stock);
    }

    private void awaitAccount(String customerId, String reserved, String used) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode account = null;
        while (Instant.now().isBefore(deadline)) {
            account = api.get("/api/customers/" + customerId + "/account").json();
            if (new BigDecimal(account.get("reserved").get("amount").asString()).compareTo(new BigDecimal(reserved))
                            == 0
                    && new BigDecimal(account.get("used").get("amount").asString()).compareTo(new BigDecimal(used))
                            == 0) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError(
                "account of " + customerId + " expected reserved " + reserved + ", used " + used + ", was " + account);
    }

    private long count(String database, String sql) throws Exception {
        try (Connection connection = java.sql.DriverManager.getConnection(
                        platform.postgres().jdbcUrl(database), database, database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
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
