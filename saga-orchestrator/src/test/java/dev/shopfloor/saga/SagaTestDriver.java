package dev.shopfloor.saga;

import static dev.shopfloor.testing.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.testing.KafkaTestClient;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays every saga participant by hand for the orchestrator's integration tests: sends {@code OrderCreated} and the
 * replies, reads the commands the orchestrator publishes through its outbox (checking each against its contract),
 * and reads the saga over HTTP.
 */
final class SagaTestDriver implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Contracts CONTRACTS = Contracts.load();

    private final KafkaTestClient kafka;
    private final JsonMapper json;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    SagaTestDriver(String bootstrapServers, int port, JsonMapper json) {
        this.kafka = new KafkaTestClient(bootstrapServers);
        this.port = port;
        this.json = json;
    }

    KafkaTestClient kafka() {
        return kafka;
    }

    static String newOrderId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000L, Long.MAX_VALUE));
    }

    static String orderCreated(String orderId, String customerId, String total) {
        return """
                {"orderId": "%s", "customerId": "%s",
                 "items": [{"sku": "USB-C-CABLE-2M", "quantity": 3, "unitPrice": {"amount": "9.99", "currency": "EUR"}}],
                 "total": {"amount": "%s", "currency": "EUR"},
                 "createdAt": "2026-03-14T09:26:53.589Z"}""".formatted(orderId, customerId, total);
    }

    static String orderIdBody(String orderId) {
        return "{\"orderId\": \"" + orderId + "\"}";
    }

    static String paymentAuthorizedBody(String orderId, String amount) {
        return "{\"orderId\": \"" + orderId + "\", \"amount\": {\"amount\": \"" + amount
                + "\", \"currency\": \"EUR\"}}";
    }

    static String reasonBody(String orderId, String reason) {
        return "{\"orderId\": \"" + orderId + "\", \"reason\": \"" + reason + "\"}";
    }

    /** Sends {@code OrderCreated} for a new order and returns the saga id the orchestrator's {@code ReserveStock} carries. */
    String startSaga(String orderId, String customerId, String total) {
        send(Topics.ORDER_EVENTS, orderId, "order.OrderCreated.v1", null, orderCreated(orderId, customerId, total));
        return header(
                awaitCommand(Topics.INVENTORY_COMMANDS, orderId, "inventory.ReserveStock.v1"), MessageHeaders.SAGA_ID);
    }

    /** Sends a message with a new message id; returns the id. */
    String send(String topic, String orderId, String type, String sagaId, String body) {
        String messageId = UUID.randomUUID().toString();
        send(topic, orderId, type, sagaId, body, messageId);
        return messageId;
    }

    void send(String topic, String orderId, String type, String sagaId, String body, String messageId) {
        Map<String, String> headers = new HashMap<>();
        headers.put(MessageHeaders.MESSAGE_ID, messageId);
        headers.put(MessageHeaders.MESSAGE_TYPE, type);
        headers.put(MessageHeaders.CORRELATION_ID, orderId);
        headers.put(MessageHeaders.OCCURRED_AT, Instant.now().toString());
        if (sagaId != null) {
            headers.put(MessageHeaders.SAGA_ID, sagaId);
        }
        kafka.send(topic, orderId, headers, body);
    }

    /** Waits for the orchestrator's command, and checks its envelope and that its body keeps the contract. */
    ConsumerRecord<String, String> awaitCommand(String topic, String orderId, String type) {
        return awaitCommands(topic, orderId, type, 1).getFirst();
    }

    /** Waits until the orchestrator sent {@code count} commands of {@code type} for the order; checks each. */
    List<ConsumerRecord<String, String>> awaitCommands(String topic, String orderId, String type, int count) {
        List<ConsumerRecord<String, String>> records = kafka.awaitRecords(topic, command(orderId, type), count, WAIT);
        for (ConsumerRecord<String, String> record : records) {
            assertThat(header(record, MessageHeaders.MESSAGE_ID)).isNotBlank();
            assertThat(header(record, MessageHeaders.CORRELATION_ID)).isEqualTo(orderId);
            assertThat(header(record, MessageHeaders.OCCURRED_AT)).isNotBlank();
            CONTRACTS.validate(type, record.value());
        }
        return records;
    }

    /** Checks that the orchestrator sent exactly {@code count} commands of {@code type} for the order. */
    void assertCommandCount(String topic, String orderId, String type, int count) {
        awaitCommands(topic, orderId, type, count);
        assertThatThrownBy(() -> kafka.awaitRecords(topic, command(orderId, type), count + 1, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found " + count);
    }

    static Predicate<ConsumerRecord<String, String>> command(String orderId, String type) {
        return record -> orderId.equals(record.key()) && type.equals(header(record, MessageHeaders.MESSAGE_TYPE));
    }

    void assertNoRecord(String topic, Predicate<ConsumerRecord<String, String>> match) {
        assertThatThrownBy(() -> kafka.awaitRecord(topic, match, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> body(ConsumerRecord<String, String> record) {
        return json.readValue(record.value(), Map.class);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> awaitSagaState(String orderId, String state) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        Map<String, Object> saga = Map.of();
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get("/api/orders/" + orderId + "/saga");
            if (response.statusCode() == 200) {
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                saga = json.readValue(response.body(), Map.class);
                if (state.equals(saga.get("state"))) {
                    return saga;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("saga of order " + orderId + " did not reach " + state + "; last seen " + saga);
    }

    static List<Map<?, ?>> steps(Map<String, Object> saga) {
        return ((List<?>) saga.get("steps"))
                .stream().<Map<?, ?>>map(step -> (Map<?, ?>) step).toList();
    }

    static List<String> stepLines(Map<String, Object> saga) {
        return steps(saga).stream()
                .map(step -> step.get("step") + " " + step.get("direction") + " " + step.get("message"))
                .toList();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
