package dev.shopfloor.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.auth.AuthServerProcess;
import dev.shopfloor.testing.tracing.FinishedSpans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * order-service's HTTP side of the order's trace: placement continues the caller's trace, its price lookup sends
 * inventory-service a {@code traceparent} of that trace, and the server spans of placement and of reading the order
 * carry the tag {@code order.id}. Spans are collected in process ({@link FinishedSpans}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // tracing on (export.enabled=false would switch propagation off too), but no Zipkin to send spans to
            "management.tracing.export.enabled=true",
            "management.tracing.export.zipkin.enabled=false"
        })
@EmbeddedInfrastructure
class OrderTracingIT {

    static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String CALLER_SPAN = "b7ad6b7169203331";

    static final InventoryStub inventory = InventoryStub.start().product("TRACE-1", "4.00", "EUR");

    @TestConfiguration
    static class Spans {

        @Bean
        FinishedSpans finishedSpans() {
            return new FinishedSpans();
        }
    }

    @DynamicPropertySource
    static void inventoryUrl(DynamicPropertyRegistry registry) {
        registry.add("shopfloor.order.inventory-url", inventory::url);
    }

    @AfterAll
    static void stopInventory() {
        inventory.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    FinishedSpans spans;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void placesTheOrderInTheCallersTraceAndTagsItsServerSpanWithTheNewOrder() throws Exception {
        int lookupsBefore = inventory.traceparents().size();

        HttpResponse<String> placed = send(HttpRequest.newBuilder(uri("/api/orders"))
                .POST(BodyPublishers.ofString(
                        "{\"customerId\":\"trace-customer\",\"items\":[{\"sku\":\"TRACE-1\",\"quantity\":1}]}"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01"));

        assertThat(placed.statusCode()).isEqualTo(202);
        String orderId = json.readTree(placed.body()).path("orderId").asString();
        List<String> lookups = inventory
                .traceparents()
                .subList(lookupsBefore, inventory.traceparents().size());
        assertThat(lookups).hasSize(1);
        assertThat(lookups.getFirst())
                .as("traceparent of the price lookup")
                .matches("00-" + CALLER_TRACE + "-[0-9a-f]{16}-01");
        MutableSpan lookup = awaitSpan(CALLER_TRACE, lookups.getFirst().split("-")[2]);
        assertThat(lookup.kind()).isEqualTo(Kind.CLIENT);
        MutableSpan server = awaitSpan(CALLER_TRACE, span -> span.kind() == Kind.SERVER);
        assertThat(server.parentId()).isEqualTo(CALLER_SPAN);
        assertThat(server.tags()).containsEntry("order.id", orderId);
    }

    @Test
    void tagsTheServerSpanOfReadingAnOrderWithItsId() throws Exception {
        String traceId = "1bf92f3577b34da6a3ce929d0e0e4731";

        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/orders/339370868137230336"))
                .header("traceparent", "00-" + traceId + "-" + CALLER_SPAN + "-01"));

        assertThat(read.statusCode()).as("an unknown order, still traced").isEqualTo(404);
        MutableSpan server = awaitSpan(traceId, span -> span.kind() == Kind.SERVER);
        assertThat(server.tags()).containsEntry("order.id", "339370868137230336");
    }

    private MutableSpan awaitSpan(String traceId, String spanId) {
        return awaitSpan(traceId, span -> span.id().equals(spanId));
    }

    /** A finished span of the trace; a server span ends just after its answer was sent, so this waits a little. */
    private MutableSpan awaitSpan(String traceId, java.util.function.Predicate<MutableSpan> which) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> spans.ofTrace(traceId).stream().filter(which).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(
                request.timeout(Duration.ofSeconds(10))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .build(),
                BodyHandlers.ofString());
    }
}
