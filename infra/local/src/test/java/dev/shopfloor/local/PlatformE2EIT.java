package dev.shopfloor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.local.ApiClient.Answer;
import dev.shopfloor.testing.auth.AuthServerProcess;
import dev.shopfloor.testing.auth.Tokens;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
        // The security matrix needs a genuinely expired token: the auth server registers a test client whose tokens
        // live a second, and every resource server judges expiry without clock skew.
        Map<String, Map<String, String>> env = new java.util.HashMap<>();
        for (PlatformLayout.Service service : PlatformLayout.SERVICES) {
            env.put(service.name(), Map.of("SHOPFLOOR_SECURITY_CLOCK_SKEW", "0s"));
        }
        env.put(
                PlatformLayout.AUTH_SERVER,
                Map.of(
                        "SPRING_APPLICATION_JSON",
                        JsonMapper.builder().build().writeValueAsString(AuthServerProcess.TEST_CLIENT_PROPERTIES)));
        platform = LocalPlatform.start(
                PlatformLayout.ephemeral(root, data), line -> System.out.println("[e2e] " + line), env);
        api = new ApiClient(platform.layout().gatewayUrl(), platform.tokens().service());
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void runsTheDemoWithTheGatewaysDefaultRateLimits() {
        // ./platform demo loads about a hundred catalog writes as one caller: more than the writes bucket holds, so it
        // must wait when the gateway says so (429 + Retry-After) rather than fail
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        int result =
                new Demo(api, new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8)).run();

        assertThat(result)
                .as(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isZero();
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

    /**
     * The security matrix of issue #4: every public route × every kind of token, through the gateway and straight to
     * the service behind it (which must judge the token the same way: defence in depth).
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SecurityMatrix {

        private String aliceOrder;
        private Map<String, String> tokens;

        @BeforeAll
        void customersAndTokens() {
            product("SEC-1", "3.00", 100);
            account("alice", "100000.00");
            account("bob", "100000.00");
            Tokens issuer = platform.tokens();
            Tokens.UserTokens alice = issuer.user("alice");
            tokens = new java.util.LinkedHashMap<>();
            tokens.put("none", null);
            tokens.put("malformed", "not-a-jwt");
            tokens.put("id-token", alice.idToken());
            tokens.put("alice", alice.accessToken());
            tokens.put("bob", issuer.user("bob").accessToken());
            for (String scope : Tokens.ALL_SCOPES) {
                tokens.put(scope, issuer.service(scope));
            }
            // a customer places an order for itself (202), through the gateway
            Answer placed =
                    api.withToken(tokens.get("alice")).post("/api/orders", orderBody("alice", Map.of("SEC-1", 1)));
            assertThat(placed.status()).as(placed.body()).isEqualTo(202);
            aliceOrder = placed.json().get("orderId").asString();
            awaitFinal(aliceOrder);
            tokens.put("expired", issuer.expired(java.time.Duration.ZERO));
        }

        /**
         * A public route.
         *
         * @param scope the scope it needs
         * @param owners the services that serve it (behind the gateway), asked directly too
         * @param foreign what bob's token gets on alice's resource
         */
        record Route(String method, String path, Object body, String scope, List<String> owners, int foreign) {}

        List<Route> routes() {
            Map<String, Object> product = Map.of("name", "Sec", "price", Map.of("amount", "3.00", "currency", "EUR"));
            Map<String, Object> limit = Map.of("creditLimit", Map.of("amount", "100000.00", "currency", "EUR"));
            return List.of(
                    new Route(
                            "PUT", "/api/products/SEC-1", product, "catalog:write", List.of("inventory-service"), 403),
                    new Route("GET", "/api/products/SEC-1", null, "orders:read", List.of("inventory-service"), 200),
                    new Route("GET", "/api/products", null, "orders:read", List.of("inventory-service"), 200),
                    new Route(
                            "POST",
                            "/api/products/SEC-1/stock",
                            Map.of("quantity", 1),
                            "inventory:write",
                            List.of("inventory-service"),
                            403),
                    new Route(
                            "PUT",
                            "/api/customers/alice/account",
                            limit,
                            "payments:write",
                            List.of("payment-service"),
                            403),
                    new Route(
                            "GET",
                            "/api/customers/alice/account",
                            null,
                            "orders:read",
                            List.of("payment-service"),
                            404),
                    new Route(
                            "POST",
                            "/api/orders",
                            orderBody("alice", Map.of("SEC-1", 1)),
                            "orders:write",
                            List.of("order-service"),
                            403),
                    new Route(
                            "GET",
                            "/api/orders/" + aliceOrder,
                            null,
                            "orders:read",
                            List.of("order-service", "read-model-service"),
                            404),
                    new Route(
                            "GET",
                            "/api/orders?customerId=alice",
                            null,
                            "orders:read",
                            List.of("read-model-service"),
                            200),
                    new Route(
                            "GET",
                            "/api/orders/" + aliceOrder + "/saga",
                            null,
                            "orders:read",
                            List.of("saga-orchestrator"),
                            404));
        }

        @Test
        void judgesEveryRouteAndTokenAlikeAtTheGatewayAndAtTheService() {
            List<String> mismatches = new ArrayList<>();
            int cases = 0;
            for (Route route : routes()) {
                List<String> targets = new ArrayList<>();
                targets.add(platform.layout().gatewayUrl());
                route.owners().forEach(owner -> targets.add(platform.layout().serviceUrl(owner)));
                for (Map.Entry<String, String> token : tokens.entrySet()) {
                    int expected = expected(route, token.getKey());
                    for (String target : targets) {
                        Answer answer = send(new ApiClient(target, token.getValue()), route);
                        cases++;
                        if (answer.status() != expected) {
                            mismatches.add(route.method() + " " + route.path() + " with " + token.getKey() + " at "
                                    + target + ": expected " + expected + ", got " + answer.status() + " "
                                    + answer.body());
                        } else if (expected == 401 || expected == 403) {
                            // a token refused for itself carries the RFC 6750 challenge; a customer acting for another
                            // customer is refused by the resource, with a problem only
                            boolean tokenRefused = expected == 401 || !isCustomerWithScope(route, token.getKey());
                            String challenge = answer.header("WWW-Authenticate");
                            if (!String.valueOf(answer.contentType()).startsWith("application/problem+json")
                                    || (tokenRefused && (challenge == null || !challenge.startsWith("Bearer")))) {
                                mismatches.add(route.method() + " " + route.path() + " with " + token.getKey()
                                        + " at " + target + ": " + expected + " without problem+json or challenge: "
                                        + answer.headers());
                            }
                        }
                    }
                }
            }
            assertThat(mismatches).as("%d cases", cases).isEmpty();
        }

        @Test
        void showsACustomerOnlyItsOwnOrders() {
            Answer own = api.withToken(tokens.get("alice")).get("/api/orders?size=100");
            assertThat(own.status()).isEqualTo(200);
            assertThat(own.json()
                            .get("content")
                            .valueStream()
                            .map(o -> o.get("customerId").asString()))
                    .isNotEmpty()
                    .containsOnly("alice");
            Answer foreign = api.withToken(tokens.get("bob")).get("/api/orders?customerId=alice");
            assertThat(foreign.json().get("totalElements").asLong()).isZero();
        }

        @Test
        void writesNoTokenOrClientSecretIntoAnyLog() throws Exception {
            judgesEveryRouteAndTokenAlikeAtTheGatewayAndAtTheService(); // every kind of token has been sent
            List<String> leaks = new ArrayList<>();
            try (var logs = Files.list(platform.logDirectory())) {
                for (Path log : logs.toList()) {
                    String text = Files.readString(log);
                    for (Map.Entry<String, String> token : tokens.entrySet()) {
                        if (token.getValue() != null
                                && token.getValue().length() > 20
                                && text.contains(token.getValue().substring(0, 40))) {
                            leaks.add(log.getFileName() + " holds the " + token.getKey() + " token");
                        }
                    }
                    for (String secret : List.of("shopfloor-secret", "order-service-secret")) {
                        if (text.contains(secret)) {
                            leaks.add(log.getFileName() + " holds the secret " + secret);
                        }
                    }
                }
            }
            assertThat(leaks).isEmpty();
        }

        private int expected(Route route, String token) {
            return switch (token) {
                case "none", "malformed", "id-token", "expired" -> 401;
                case "alice" -> route.scope().startsWith("orders:") ? success(route) : 403;
                case "bob" -> route.scope().startsWith("orders:") ? route.foreign() : 403;
                default -> token.equals(route.scope()) ? success(route) : 403;
            };
        }

        private static boolean isCustomerWithScope(Route route, String token) {
            return (token.equals("alice") || token.equals("bob"))
                    && route.scope().startsWith("orders:");
        }

        private static int success(Route route) {
            return switch (route.method()) {
                case "POST" -> route.path().equals("/api/orders") ? 202 : 200;
                default -> 200;
            };
        }

        private Answer send(ApiClient client, Route route) {
            return switch (route.method()) {
                case "GET" -> client.get(route.path());
                case "PUT" -> client.put(route.path(), route.body());
                case "POST" -> client.post(route.path(), route.body());
                default -> throw new IllegalArgumentException(route.method());
            };
        }
    }

    private void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("title").asString()).isNotBlank();
    }

    private void product(String sku, String price, int stock) {
        Shop.product(api, sku, price, stock);
    }

    private void account(String customerId, String limit) {
        Shop.account(api, customerId, limit);
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
