package dev.shopfloor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.handler.MutableSpan;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.auth.AuthServerProcess;
import dev.shopfloor.testing.tracing.FinishedSpans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway starts the trace of each request (it ignores a caller's trace context: it is the trust boundary), and
 * the backend receives one W3C {@code traceparent} naming the gateway's client span, a child of its server span. Spans are collected in process ({@link FinishedSpans}); nothing is exported.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            // tracing on (export.enabled=false would switch propagation off too), but no Zipkin to send spans to
            "management.tracing.export.enabled=true",
            "management.tracing.export.zipkin.enabled=false"
        })
@EmbeddedInfrastructure
class GatewayTracingIT {

    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";

    static final StubBackends backends = StubBackends.start();
    static final BackendStub inventory = backends.inventory();

    @TestConfiguration
    static class Spans {

        @Bean
        FinishedSpans finishedSpans() {
            return new FinishedSpans();
        }
    }

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    FinishedSpans spans;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        backends.register(registry);
    }

    @BeforeEach
    void resetBackends() {
        backends.reset();
    }

    @AfterAll
    static void stopBackends() {
        backends.close();
    }

    @Test
    void sendsTheBackendOneTraceparentOfAClientSpanUnderItsOwnServerSpan() throws Exception {
        HttpResponse<String> response = get("/api/products/SKU-1", null);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> sent = inventory.received().getFirst().headers("traceparent");
        assertThat(sent).as("traceparent headers the backend received").hasSize(1);
        Traceparent toBackend = Traceparent.parse(sent.getFirst());
        assertThat(toBackend.sampled()).isTrue();

        MutableSpan client = awaitSpan(toBackend.traceId(), toBackend.spanId());
        MutableSpan server = serverSpanAbove(client);
        assertThat(client.kind()).isEqualTo(brave.Span.Kind.CLIENT);
        assertThat(client.tags()).containsEntry("spring.cloud.gateway.route.id", "inventory-service");
        assertThat(server.localServiceName()).isEqualTo("gateway");
    }

    /**
     * The gateway is the trust boundary: a caller's trace context would let any client choose what is sampled (a
     * flag of {@code 00} hides its requests, {@code 01} forces every one into a production trace store) and put
     * unrelated orders into one trace. So every request starts a trace at the gateway, whatever the caller sent.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01",
                "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-00",
                "00-00000000000000000000000000000000-0000000000000000-01",
                "not a trace context"
            })
    void startsItsOwnTraceWhateverTraceContextTheCallerSends(String callerTraceparent) throws Exception {
        HttpResponse<String> response = get("/api/products/SKU-1", callerTraceparent);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> sent = inventory.received().getFirst().headers("traceparent");
        assertThat(sent).hasSize(1);
        Traceparent toBackend = Traceparent.parse(sent.getFirst());
        assertThat(toBackend.traceId()).isNotEqualTo(CALLER_TRACE);
        assertThat(toBackend.sampled())
                .as("sampled by the gateway's own decision")
                .isTrue();
        MutableSpan client = awaitSpan(toBackend.traceId(), toBackend.spanId());
        assertThat(serverSpanAbove(client).parentId())
                .as("the gateway's server span is a root")
                .isNull();
    }

    @Test
    void startsATraceForACallerThatSentNone() throws Exception {
        HttpResponse<String> response = get("/api/products/SKU-1", null);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> sent = inventory.received().getFirst().headers("traceparent");
        assertThat(sent).hasSize(1);
        Traceparent toBackend = Traceparent.parse(sent.getFirst());
        MutableSpan client = awaitSpan(toBackend.traceId(), toBackend.spanId());
        assertThat(serverSpanAbove(client).parentId()).as("a root span").isNull();
    }

    @Test
    void tracesTheStranglersOwnCallToTheReadModel() throws Exception {
        setReadModelPercent(100);
        try {
            HttpResponse<String> response = get("/api/orders/42", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Served-By")).hasValue("read-model-service");
            List<String> sent = backends.readModel().received().getFirst().headers("traceparent");
            assertThat(sent)
                    .as("traceparent headers read-model-service received")
                    .hasSize(1);
            Traceparent toReadModel = Traceparent.parse(sent.getFirst());
            MutableSpan client = awaitSpan(toReadModel.traceId(), toReadModel.spanId());
            assertThat(client.kind()).isEqualTo(brave.Span.Kind.CLIENT);
            assertThat(serverSpanAbove(client).localServiceName()).isEqualTo("gateway");
        } finally {
            setReadModelPercent(0);
        }
    }

    private void setReadModelPercent(int percent) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/strangler"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"readModelPercent\":" + percent + "}"))
                        .build(),
                BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /**
     * The gateway's server span that {@code span} descends from: the client span's parent is one of Spring Security's
     * spans ("secured request"), which the server span holds.
     */
    private MutableSpan serverSpanAbove(MutableSpan span) {
        MutableSpan current = span;
        do {
            current = awaitSpan(span.traceId(), current.parentId());
        } while (current.kind() != brave.Span.Kind.SERVER);
        return current;
    }

    /** A finished span; spans end on the gateway's threads right after the answer, so this waits a little. */
    private MutableSpan awaitSpan(String traceId, String spanId) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> spans.ofTrace(traceId).stream()
                                .filter(span -> span.id().equals(spanId))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private HttpResponse<String> get(String path, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", AuthServerProcess.get().bearer());
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    /** A W3C trace context header: {@code 00-<trace id>-<parent span id>-<flags>}. */
    record Traceparent(String traceId, String spanId, boolean sampled) {

        static Traceparent parse(String header) {
            assertThat(header).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            String[] parts = header.split("-");
            return new Traceparent(parts[1], parts[2], parts[3].equals("01"));
        }
    }
}
