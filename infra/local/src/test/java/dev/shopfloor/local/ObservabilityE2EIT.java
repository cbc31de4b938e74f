package dev.shopfloor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.k8s.observability.PromQlNames;
import dev.shopfloor.local.ApiClient.Answer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Observability of the whole platform (issue 7), started as {@code ./platform up} starts it, with its Zipkin server:
 * one order placed through the gateway is one trace across every process it passes through, the metrics the
 * dashboards draw are exported with plausible values, and every metric name in the shipped dashboards and alert rules
 * is one the services really export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityE2EIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> SERVICES = PlatformLayout.SERVICES.stream()
            .map(PlatformLayout.Service::name)
            .filter(name -> !name.equals(PlatformLayout.AUTH_SERVER))
            .toList();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private Path root;
    private LocalPlatform platform;
    private ApiClient api;
    private Map<String, PrometheusScrape> before;
    private String approvedOrderId;

    @BeforeAll
    void startPlatform() throws Exception {
        root = Path.of(System.getProperty("shopfloor.root", "../.."))
                .toAbsolutePath()
                .normalize();
        // a small read limit, so a short burst of reads is enough to see the gateway's rejections counted
        platform = LocalPlatform.start(
                PlatformLayout.ephemeral(root, Files.createTempDirectory("shopfloor-observability-e2e")),
                line -> System.out.println("[observability-e2e] " + line),
                Map.of(
                        PlatformLayout.GATEWAY,
                        Map.of(
                                "SHOPFLOOR_GATEWAY_RATELIMITS_READS_REPLENISHRATE", "20",
                                "SHOPFLOOR_GATEWAY_RATELIMITS_READS_BURSTCAPACITY", "40")));
        assertThat(platform.layout().hasZipkin()).isTrue();
        api = new ApiClient(platform.layout().gatewayUrl(), platform.tokens().service());
        product("OBS-WIDGET", "12.50", 5);
        account("obs-rich", "1000.00");
        account("obs-poor", "1.00");
        before = scrapeAll();
        approvedOrderId = placeOrder("obs-rich", "OBS-WIDGET", 2);
        assertThat(awaitFinal(approvedOrderId).get("status").asString()).isEqualTo("APPROVED");
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void oneOrderIsOneTraceFromTheGatewayThroughTheSagaToEveryParticipant() {
        // services report spans in batches of their own, so a trace fills in out of order: wait until the
        // participants' spans are there and the payment's chain of parents reaches the gateway without a gap
        List<JsonNode> spans = awaitTrace(
                approvedOrderId,
                trace -> servicesOf(trace)
                                .containsAll(List.of(
                                        "gateway",
                                        "order-service",
                                        "saga-orchestrator",
                                        "inventory-service",
                                        "payment-service",
                                        "read-model-service"))
                        && paymentReachesTheGateway(trace));
        Map<String, JsonNode> byId = new HashMap<>();
        spans.forEach(span -> byId.put(span.get("id").asString(), span));

        JsonNode gateway = first(
                spans, span -> service(span).equals("gateway") && kind(span).equals("SERVER"));
        JsonNode placement = first(
                spans,
                span -> service(span).equals("order-service")
                        && kind(span).equals("SERVER")
                        && span.get("name")
                                .asString()
                                .toLowerCase(java.util.Locale.ROOT)
                                .startsWith("http post"));
        JsonNode orderCreatedPublished = first(
                spans,
                span -> service(span).equals("order-service")
                        && span.get("name").asString().contains("outbox publish")
                        && tag(span, "message.type").startsWith("order.OrderCreated"));
        JsonNode sagaReceived = first(
                spans,
                span -> service(span).equals("saga-orchestrator")
                        && kind(span).equals("CONSUMER")
                        && descends(span, orderCreatedPublished, byId));
        JsonNode stockReserved = first(
                spans,
                span -> service(span).equals("inventory-service")
                        && kind(span).equals("CONSUMER")
                        && descends(span, sagaReceived, byId));
        JsonNode paymentAuthorized = first(
                spans,
                span -> service(span).equals("payment-service")
                        && kind(span).equals("CONSUMER")
                        && descends(span, stockReserved, byId));

        // causal order: each step descends from the one before it, and starts no earlier
        List<JsonNode> chain =
                List.of(gateway, placement, orderCreatedPublished, sagaReceived, stockReserved, paymentAuthorized);
        for (int i = 1; i < chain.size(); i++) {
            JsonNode earlier = chain.get(i - 1);
            JsonNode later = chain.get(i);
            assertThat(descends(later, earlier, byId))
                    .as("%s descends from %s", describe(later), describe(earlier))
                    .isTrue();
            assertThat(later.get("timestamp").asLong())
                    .as("%s starts after %s", describe(later), describe(earlier))
                    .isGreaterThanOrEqualTo(earlier.get("timestamp").asLong());
        }
        assertThat(gateway.path("parentId").isMissingNode())
                .as("the gateway's span is the root")
                .isTrue();
        // the spans that handle the order name it, so the trace can be found by order id
        // (OrderCreated precedes the saga, so its consumer span has no saga id yet; the commands that follow do)
        assertThat(tag(sagaReceived, "order.id")).isEqualTo(approvedOrderId);
        assertThat(tag(stockReserved, "order.id")).isEqualTo(approvedOrderId);
        String sagaId = tag(stockReserved, "saga.id");
        assertThat(sagaId).isNotBlank();
        assertThat(tag(paymentAuthorized, "saga.id")).isEqualTo(sagaId);
        JsonNode sagaStarted = first(
                spans,
                span -> service(span).equals("saga-orchestrator")
                        && span.get("name").asString().equalsIgnoreCase("saga step STARTED"));
        assertThat(descends(sagaStarted, sagaReceived, byId))
                .as("the saga's first step runs in the span of the OrderCreated it received")
                .isTrue();
        assertThat(tag(sagaStarted, "saga.id")).isEqualTo(sagaId);
        // the read model's projection of the order's commit joins the trace too (through the WAL, not Kafka)
        JsonNode projected = first(
                spans,
                span -> service(span).equals("read-model-service")
                        && span.get("name").asString().equalsIgnoreCase("readmodel project"));
        assertThat(descends(projected, placement, byId))
                .as("the projection descends from the placement")
                .isTrue();

        // and the orchestrator's log lines of that work name the trace, the order and the saga
        String traceId = gateway.get("traceId").asString();
        List<String> lines = logLines("saga-orchestrator", "order=" + approvedOrderId + " ");
        assertThat(lines)
                .as("saga-orchestrator log lines of order %s", approvedOrderId)
                .isNotEmpty();
        assertThat(lines)
                .allSatisfy(
                        line -> assertThat(line).contains("[" + traceId + ",").contains("saga=" + sagaId));
    }

    @Test
    @Order(2)
    void tracesNoProbeOrScrape() {
        scrapeAll();
        platform.readiness();
        for (String service : SERVICES) {
            JsonNode names = getJson(platform.layout().zipkinUrl() + "/api/v2/spans?serviceName=" + service);
            assertThat(names)
                    .as("span names of %s in Zipkin", service)
                    .noneMatch(name -> name.asString().contains("/actuator"));
        }
    }

    @Test
    @Order(3)
    void exportsTheSagaMessagingAndEdgeMetricsWithPlausibleValues() {
        Map<String, PrometheusScrape> after = awaitScrape(
                scrapes -> delta(scrapes, "saga-orchestrator", "shopfloor_saga_completed_total", Map.of()) >= 1);
        // one saga: started once, completed once, its duration recorded once
        assertThat(delta(after, "saga-orchestrator", "shopfloor_saga_started_total", Map.of()))
                .isEqualTo(1.0);
        assertThat(delta(after, "saga-orchestrator", "shopfloor_saga_completed_total", Map.of()))
                .isEqualTo(1.0);
        assertThat(delta(after, "saga-orchestrator", "shopfloor_saga_compensated_total", Map.of()))
                .isZero();
        assertThat(delta(
                        after,
                        "saga-orchestrator",
                        "shopfloor_saga_duration_seconds_count",
                        Map.of("outcome", "approved")))
                .isEqualTo(1.0);
        assertThat(delta(after, "saga-orchestrator", "shopfloor_saga_duration_seconds_sum", Map.of()))
                .isPositive();
        assertThat(delta(after, "saga-orchestrator", "shopfloor_saga_step_duration_seconds_count", Map.of()))
                .isGreaterThanOrEqualTo(2.0);
        // every outbox the order passed through published and recorded its relay lag
        for (String service : List.of("order-service", "saga-orchestrator", "inventory-service", "payment-service")) {
            assertThat(delta(after, service, "shopfloor_outbox_relay_lag_seconds_count", Map.of()))
                    .as("%s relay lag recorded", service)
                    .isGreaterThanOrEqualTo(1.0);
            assertThat(after.get(service).sum("shopfloor_outbox_waiting"))
                    .as("%s outbox drained", service)
                    .isZero();
            assertThat(after.get(service).has("shopfloor_replication_slot_retained_bytes"))
                    .as("%s slot WAL", service)
                    .isTrue();
        }
        assertThat(after.get("read-model-service").sum("readmodel_projection_lag_seconds_count"))
                .isPositive();
        assertThat(after.get("order-service").sum("http_server_requests_seconds_count", Map.of("method", "POST")))
                .isPositive();
        assertThat(after.get("order-service").has("http_client_requests_seconds_count"))
                .as("order-service's calls to inventory-service are timed")
                .isTrue();
        assertThat(after.get("gateway").has("resilience4j_circuitbreaker_state"))
                .isTrue();
        assertThat(after.get("inventory-service").sum("cache_gets_total")).isPositive();
    }

    @Test
    @Order(4)
    void everyMetricOfTheShippedDashboardsAndAlertRulesIsExported() {
        // rarer paths first, so their meters exist: a compensation, a rate-limit rejection, a cache hit
        String rejected = placeOrder("obs-poor", "OBS-WIDGET", 1);
        assertThat(awaitFinal(rejected).get("status").asString()).isEqualTo("REJECTED");
        provokeRateLimit();
        api.get("/api/orders/" + approvedOrderId);
        api.get("/api/orders/" + approvedOrderId);

        Set<String> exported = new TreeSet<>();
        awaitScrape(scrapes -> true).values().forEach(scrape -> exported.addAll(scrape.names()));
        Set<String> used = PromQlNames.shipped(root);

        assertThat(used).as("the dashboards and rules query something").isNotEmpty();
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        // `up` and ALERTS are Prometheus' own series, not an application's
        missing.removeAll(Set.of("up", "ALERTS", "ALERTS_FOR_STATE"));
        assertThat(missing)
                .as("metric names used by k8s dashboards/alerts but exported by no service")
                .isEmpty();
    }

    private void provokeRateLimit() {
        ApiClient alice = api.withToken(platform.tokens().user("alice").accessToken());
        List<Future<Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 200; i++) {
                answers.add(pool.submit(() -> alice.get("/api/orders?size=1")));
            }
        }
        assertThat(answers).as("a burst of reads over the limit is refused").anyMatch(answer -> {
            try {
                return answer.get().status() == 429;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * Waits for the trace of the order's saga: of the traces that name the order (its placement, and every read of
     * it, which is a trace of its own), exactly one may hold saga-orchestrator spans, and it must become
     * {@code complete}.
     */
    private static boolean paymentReachesTheGateway(List<JsonNode> trace) {
        Map<String, JsonNode> byId = new HashMap<>();
        trace.forEach(span -> byId.put(span.get("id").asString(), span));
        return trace.stream()
                .filter(span ->
                        service(span).equals("payment-service") && kind(span).equals("CONSUMER"))
                .anyMatch(payment -> trace.stream()
                        .filter(span ->
                                service(span).equals("gateway") && kind(span).equals("SERVER"))
                        .anyMatch(gateway -> descends(payment, gateway, byId)));
    }

    private List<String> logLines(String service, String containing) {
        try (java.util.stream.Stream<String> lines =
                Files.lines(platform.logDirectory().resolve(service + ".log"))) {
            return lines.filter(line -> line.contains(containing)).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<JsonNode> awaitTrace(String orderId, Predicate<List<JsonNode>> complete) {
        Instant deadline = Instant.now().plus(WAIT);
        List<List<JsonNode>> sagaTraces = List.of();
        while (Instant.now().isBefore(deadline)) {
            sagaTraces = tracesOfOrder(orderId).stream()
                    .filter(trace -> servicesOf(trace).contains("saga-orchestrator"))
                    .toList();
            assertThat(sagaTraces.size())
                    .as("traces of order %s with saga spans (one order, one trace)", orderId)
                    .isLessThanOrEqualTo(1);
            if (sagaTraces.size() == 1 && complete.test(sagaTraces.getFirst())) {
                return sagaTraces.getFirst();
            }
            sleep(500);
        }
        throw new AssertionError("no complete trace of order " + orderId + " in Zipkin within " + WAIT + "; found "
                + sagaTraces.stream().map(ObservabilityE2EIT::servicesOf).toList());
    }

    /** Every trace in Zipkin with a span tagged {@code order.id=<orderId>}. */
    private List<List<JsonNode>> tracesOfOrder(String orderId) {
        String query = URLEncoder.encode("order.id=" + orderId, StandardCharsets.UTF_8);
        JsonNode answer = getJson(platform.layout().zipkinUrl() + "/api/v2/traces?annotationQuery=" + query
                + "&limit=10&lookback=3600000&endTs=" + (System.currentTimeMillis() + 60_000));
        List<List<JsonNode>> traces = new ArrayList<>();
        for (JsonNode trace : answer) {
            List<JsonNode> spans = new ArrayList<>();
            trace.forEach(spans::add);
            traces.add(spans);
        }
        return traces;
    }

    private JsonNode getJson(String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
            return json.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(url + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Set<String> servicesOf(List<JsonNode> trace) {
        Set<String> services = new TreeSet<>();
        trace.forEach(span -> services.add(service(span)));
        return services;
    }

    private static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asString("");
    }

    private static String kind(JsonNode span) {
        return span.path("kind").asString("");
    }

    private static String tag(JsonNode span, String name) {
        return span.path("tags").path(name).asString("");
    }

    private static String describe(JsonNode span) {
        return service(span) + " '" + span.get("name").asString() + "' (" + kind(span) + ")";
    }

    private static JsonNode first(List<JsonNode> spans, Predicate<JsonNode> matches) {
        return spans.stream()
                .filter(matches)
                .min(java.util.Comparator.comparingLong(
                        span -> span.get("timestamp").asLong()))
                .orElseThrow(() -> new AssertionError("no such span among "
                        + spans.stream().map(ObservabilityE2EIT::describe).toList()));
    }

    /** Whether {@code ancestor} is on {@code span}'s chain of parents. */
    private static boolean descends(JsonNode span, JsonNode ancestor, Map<String, JsonNode> byId) {
        JsonNode current = span;
        for (int hops = 0; current != null && hops < 100; hops++) {
            if (current.get("id").asString().equals(ancestor.get("id").asString()) && current != span) {
                return true;
            }
            JsonNode parent = current.path("parentId");
            current = parent.isMissingNode() ? null : byId.get(parent.asString());
        }
        return false;
    }

    private Map<String, PrometheusScrape> scrapeAll() {
        Map<String, PrometheusScrape> scrapes = new LinkedHashMap<>();
        for (String service : SERVICES) {
            scrapes.put(service, PrometheusScrape.of(service, platform.layout().managementUrl(service)));
        }
        return scrapes;
    }

    private Map<String, PrometheusScrape> awaitScrape(Predicate<Map<String, PrometheusScrape>> done) {
        Instant deadline = Instant.now().plus(WAIT);
        Map<String, PrometheusScrape> scrapes = scrapeAll();
        while (!done.test(scrapes) && Instant.now().isBefore(deadline)) {
            sleep(500);
            scrapes = scrapeAll();
        }
        return scrapes;
    }

    private double delta(Map<String, PrometheusScrape> after, String service, String name, Map<String, String> labels) {
        return after.get(service).sum(name, labels) - before.get(service).sum(name, labels);
    }

    private void product(String sku, String price, int stock) {
        Shop.product(api, sku, price, stock);
    }

    private void account(String customerId, String limit) {
        Shop.account(api, customerId, limit);
    }

    private String placeOrder(String customerId, String sku, int quantity) {
        Answer answer = api.post(
                "/api/orders",
                Map.of("customerId", customerId, "items", List.of(Map.of("sku", sku, "quantity", quantity))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().get("orderId").asString();
    }

    private JsonNode awaitFinal(String orderId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Answer answer = api.get("/api/orders/" + orderId);
            if (answer.status() == 200) {
                last = answer.json();
                if (!"PENDING".equals(last.get("status").asString())) {
                    return last;
                }
            }
            sleep(200);
        }
        throw new AssertionError("order " + orderId + " still PENDING: " + last);
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
