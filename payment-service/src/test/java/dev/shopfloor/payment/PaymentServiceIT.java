package dev.shopfloor.payment;

import static dev.shopfloor.payment.account.TestMoney.eur;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.payment.authorization.Authorization;
import dev.shopfloor.payment.authorization.AuthorizationStatus;
import dev.shopfloor.payment.authorization.OrderId;
import dev.shopfloor.payment.authorization.PaymentAuthorizations;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.KafkaTestClient;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payment service on real Postgres and Kafka: the account API over HTTP, and the authorization feature through
 * {@code payment.commands} and {@code saga.replies}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String AUTHORIZE = "payment.AuthorizePayment.v1";
    private static final String VOID = "payment.VoidPayment.v1";
    private static final String CAPTURE = "payment.CapturePayment.v1";
    private static final String AUTHORIZED = "payment.PaymentAuthorized.v1";
    private static final String DECLINED = "payment.PaymentDeclined.v1";
    private static final String VOIDED = "payment.PaymentVoided.v1";
    private static final String CAPTURED = "payment.PaymentCaptured.v1";

    private static final AtomicLong ORDER_IDS = new AtomicLong(System.currentTimeMillis() * 1000);
    private static final AtomicLong CUSTOMER_IDS = new AtomicLong();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    PaymentAuthorizations payments;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Contracts contracts = Contracts.load();
    private KafkaTestClient kafka;

    @BeforeAll
    void connectToKafka() {
        kafka = new KafkaTestClient(environment.getRequiredProperty("spring.kafka.bootstrap-servers"));
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    void opensAnAccountAndThenChangesItsLimit() {
        String customer = newCustomer();

        HttpResponse<String> created = put("/api/customers/" + customer + "/account", limit("500.00", "EUR"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(
                        location -> assertThat(location).endsWith("/api/customers/" + customer + "/account"));
        JsonNode body = body(created);
        assertThat(body.path("customerId").asString()).isEqualTo(customer);
        assertThat(money(body.path("creditLimit"))).isEqualTo("500.00 EUR");
        assertThat(money(body.path("reserved"))).isEqualTo("0.00 EUR");
        assertThat(money(body.path("used"))).isEqualTo("0.00 EUR");
        assertThat(money(body.path("available"))).isEqualTo("500.00 EUR");

        HttpResponse<String> updated = put("/api/customers/" + customer + "/account", limit("750.5", "EUR"));

        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(money(body(updated).path("creditLimit"))).isEqualTo("750.50 EUR");
        HttpResponse<String> read = get("/api/customers/" + customer + "/account");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(money(body(read).path("available"))).isEqualTo("750.50 EUR");
    }

    @Test
    void answersNotFoundForACustomerWithoutAccount() {
        String customer = newCustomer();

        HttpResponse<String> response = get("/api/customers/" + customer + "/account");

        assertProblem(response, 404, "account-not-found");
        assertThat(body(response).path("customerId").asString()).isEqualTo(customer);
    }

    @Test
    void rejectsAMalformedCustomerIdAndWritesNothing() {
        String tooLong = "c".repeat(65);

        HttpResponse<String> put = put("/api/customers/" + tooLong + "/account", limit("10.00", "EUR"));
        HttpResponse<String> spaced = put("/api/customers/bad%20id/account", limit("10.00", "EUR"));
        HttpResponse<String> get = get("/api/customers/bad%20id/account");

        assertProblem(put, 400, "invalid-request");
        assertThat(body(put).path("violations").get(0).path("field").asString()).isEqualTo("customerId");
        assertProblem(spaced, 400, "invalid-request");
        assertProblem(get, 400, "invalid-request");
        assertThat(jdbc.sql("select count(*) from account where customer_id in (:ids)")
                        .param("ids", List.of(tooLong, "bad id"))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void rejectsMalformedBodiesAndWritesNothing() {
        String customer = newCustomer();
        String path = "/api/customers/" + customer + "/account";

        HttpResponse<String> notJson = put(path, "{\"creditLimit\": ");
        HttpResponse<String> noLimit = put(path, "{}");
        HttpResponse<String> notANumber = put(path, limit("lots", "EUR"));
        HttpResponse<String> noCurrency = put(path, "{\"creditLimit\": {\"amount\": \"10.00\"}}");

        assertProblem(notJson, 400, "malformed-request");
        assertProblem(noLimit, 400, "invalid-request");
        assertThat(violatedFields(noLimit)).as(noLimit.body()).containsExactly("creditLimit");
        assertProblem(notANumber, 400, "invalid-request");
        assertThat(violatedFields(notANumber)).as(notANumber.body()).containsExactly("creditLimit.amount");
        assertProblem(noCurrency, 400, "invalid-request");
        assertProblem(get(path), 404, "account-not-found");
    }

    @Test
    void rejectsCreditLimitsItCannotKeepAndWritesNothing() {
        String customer = newCustomer();
        String path = "/api/customers/" + customer + "/account";

        HttpResponse<String> negative = put(path, limit("-0.01", "EUR"));
        HttpResponse<String> threeDigits = put(path, limit("10.001", "EUR"));
        HttpResponse<String> dollars = put(path, limit("10.00", "USD"));
        HttpResponse<String> unknownCurrency = put(path, limit("10.00", "EURO"));

        assertProblem(negative, 422, "invalid-credit-limit");
        assertProblem(threeDigits, 422, "invalid-amount");
        assertProblem(dollars, 422, "unsupported-currency");
        assertProblem(unknownCurrency, 422, "unsupported-currency");
        assertProblem(get(path), 404, "account-not-found");
    }

    @Test
    void refusesToLowerTheLimitBelowTheCommittedCredit() {
        String customer = newCustomerWithLimit("500.00");
        String orderId = newOrderId();
        authorize(orderId, customer, "300.00");
        awaitReply(orderId, AUTHORIZED);

        HttpResponse<String> refused = put("/api/customers/" + customer + "/account", limit("299.99", "EUR"));

        assertProblem(refused, 409, "credit-limit-below-commitment");
        assertThat(money(body(refused).path("committed"))).isEqualTo("300.00 EUR");
        assertThat(money(account(customer).path("creditLimit"))).isEqualTo("500.00 EUR");

        HttpResponse<String> lowered = put("/api/customers/" + customer + "/account", limit("300.00", "EUR"));
        assertThat(lowered.statusCode()).isEqualTo(200);
        assertThat(money(body(lowered).path("available"))).isEqualTo("0.00 EUR");
    }

    @Test
    void answersProblemJsonOnFallbackErrorPaths() {
        assertProblem(get("/api/no-such-thing"), 404, "not-found");
        assertProblem(send("DELETE", "/api/customers/cust-1/account", null, null), 405, "method-not-allowed");
        assertProblem(
                send("PUT", "/api/customers/cust-1/account", "text/plain", "creditLimit=5"),
                415,
                "unsupported-media-type");
        assertProblem(get("/error"), 404, "not-found");
    }

    @Test
    void servesTheOpenApiDocument() {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).path("paths").has("/api/customers/{customerId}/account"))
                .isTrue();
    }

    @Test
    void authorizesAPaymentAndRepliesWithTheCommandsSagaId() {
        String customer = newCustomerWithLimit("500.00");
        String orderId = newOrderId();
        String sagaId = UUID.randomUUID().toString();

        sendCommand(AUTHORIZE, orderId, sagaId, authorizePayload(orderId, customer, "120.00"));

        ConsumerRecord<String, String> reply = awaitReply(orderId, AUTHORIZED);
        assertThat(KafkaTestClient.header(reply, MessageHeaders.SAGA_ID)).isEqualTo(sagaId);
        assertThat(KafkaTestClient.header(reply, MessageHeaders.CORRELATION_ID)).isEqualTo(orderId);
        assertThat(KafkaTestClient.header(reply, MessageHeaders.MESSAGE_ID)).isNotBlank();
        JsonNode payload = json.readTree(reply.value());
        assertThat(payload.path("orderId").asString()).isEqualTo(orderId);
        assertThat(money(payload.path("amount"))).isEqualTo("120.00 EUR");
        JsonNode account = account(customer);
        assertThat(money(account.path("reserved"))).isEqualTo("120.00 EUR");
        assertThat(money(account.path("available"))).isEqualTo("380.00 EUR");
    }

    @Test
    void declinesWhenTheCustomerHasNoAccount() {
        String orderId = newOrderId();

        authorize(orderId, newCustomer(), "10.00");

        assertThat(reason(awaitReply(orderId, DECLINED))).isEqualTo("NO_ACCOUNT");
    }

    @Test
    void declinesWhenTheAvailableCreditIsInsufficient() {
        String customer = newCustomerWithLimit("100.00");
        String orderId = newOrderId();

        authorize(orderId, customer, "100.01");

        assertThat(reason(awaitReply(orderId, DECLINED))).isEqualTo("INSUFFICIENT_CREDIT");
        assertThat(money(account(customer).path("reserved"))).isEqualTo("0.00 EUR");
    }

    @Test
    void releasesTheReservationWhenVoided() {
        String customer = newCustomerWithLimit("500.00");
        String kept = newOrderId();
        String voided = newOrderId();
        authorize(kept, customer, "75.25");
        authorize(voided, customer, "200.00");
        awaitReply(voided, AUTHORIZED);

        sendCommand(VOID, voided, UUID.randomUUID().toString(), orderPayload(voided));

        awaitReply(voided, VOIDED);
        JsonNode account = account(customer);
        assertThat(money(account.path("reserved"))).isEqualTo("75.25 EUR");
        assertThat(money(account.path("used"))).isEqualTo("0.00 EUR");
        assertThat(money(account.path("available"))).isEqualTo("424.75 EUR");
    }

    @Test
    void answersVoidedForAnOrderWithoutAuthorization() {
        String orderId = newOrderId();

        sendCommand(VOID, orderId, UUID.randomUUID().toString(), orderPayload(orderId));

        awaitReply(orderId, VOIDED);
    }

    @Test
    void turnsTheReservationIntoUsedCreditWhenCaptured() {
        String customer = newCustomerWithLimit("500.00");
        String orderId = newOrderId();
        authorize(orderId, customer, "200.00");
        awaitReply(orderId, AUTHORIZED);

        sendCommand(CAPTURE, orderId, UUID.randomUUID().toString(), orderPayload(orderId));
        sendCommand(CAPTURE, orderId, UUID.randomUUID().toString(), orderPayload(orderId));

        List<ConsumerRecord<String, String>> replies = kafka.awaitRecords(
                Topics.SAGA_REPLIES, r -> orderId.equals(r.key()) && CAPTURED.equals(type(r)), 2, WAIT);
        replies.forEach(this::assertValidReply);
        JsonNode account = account(customer);
        assertThat(money(account.path("reserved"))).isEqualTo("0.00 EUR");
        assertThat(money(account.path("used"))).isEqualTo("200.00 EUR");
        assertThat(money(account.path("available"))).isEqualTo("300.00 EUR");
    }

    @Test
    void appliesARedeliveredMessageOnce() {
        String customer = newCustomerWithLimit("500.00");
        String orderId = newOrderId();
        String sagaId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        String payload = authorizePayload(orderId, customer, "100.00");
        sendCommand(messageId, AUTHORIZE, orderId, sagaId, payload);
        awaitReply(orderId, AUTHORIZED);

        sendCommand(messageId, AUTHORIZE, orderId, sagaId, payload);
        sendCommand(CAPTURE, orderId, sagaId, orderPayload(orderId));

        awaitReply(orderId, CAPTURED);
        // The redelivery was before the capture in the same partition; had it been applied, it would have
        // written a second reply before the capture's.
        assertThat(repliesWritten(orderId)).containsExactly(AUTHORIZED, CAPTURED);
        JsonNode account = account(customer);
        assertThat(money(account.path("reserved"))).isEqualTo("0.00 EUR");
        assertThat(money(account.path("used"))).isEqualTo("100.00 EUR");
    }

    @Test
    void answersARepeatedAuthorizationAgainWithoutReservingTwice() {
        String customer = newCustomerWithLimit("500.00");
        String orderId = newOrderId();
        authorize(orderId, customer, "100.00");
        awaitReply(orderId, AUTHORIZED);

        authorize(orderId, customer, "100.00");

        kafka.awaitRecords(Topics.SAGA_REPLIES, r -> orderId.equals(r.key()) && AUTHORIZED.equals(type(r)), 2, WAIT);
        assertThat(money(account(customer).path("reserved"))).isEqualTo("100.00 EUR");
    }

    @Test
    void authorizesNoMoreThanTheLimitWhenOrdersArriveTogether() {
        String customer = newCustomerWithLimit("500.00");
        List<String> orderIds =
                IntStream.range(0, 10).mapToObj(i -> newOrderId()).toList();

        orderIds.forEach(orderId -> authorize(orderId, customer, "100.00"));

        Set<String> orders = new HashSet<>(orderIds);
        List<ConsumerRecord<String, String>> replies =
                kafka.awaitRecords(Topics.SAGA_REPLIES, r -> orders.contains(r.key()), 10, WAIT);
        Map<String, Long> byType =
                replies.stream().collect(Collectors.groupingBy(PaymentServiceIT::type, Collectors.counting()));
        assertThat(byType).containsOnly(Map.entry(AUTHORIZED, 5L), Map.entry(DECLINED, 5L));
        replies.stream()
                .filter(r -> DECLINED.equals(type(r)))
                .forEach(r -> assertThat(reason(r)).isEqualTo("INSUFFICIENT_CREDIT"));
        JsonNode account = account(customer);
        assertThat(money(account.path("reserved"))).isEqualTo("500.00 EUR");
        assertThat(money(account.path("available"))).isEqualTo("0.00 EUR");
    }

    @Test
    void authorizesNoMoreThanTheLimitUnderTrulyConcurrentTransactions() throws Exception {
        String customer = newCustomerWithLimit("500.00");
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Authorization>> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            OrderId orderId = OrderId.parse(newOrderId());
            attempts.add(() -> {
                start.await();
                return payments.authorize(orderId, new CustomerId(customer), eur("100.00"));
            });
        }
        List<Future<Authorization>> results;
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            results = attempts.stream().map(pool::submit).toList();
            start.countDown();
        }

        List<AuthorizationStatus> statuses = new ArrayList<>();
        for (Future<Authorization> result : results) {
            statuses.add(result.get().status());
        }
        assertThat(statuses)
                .filteredOn(s -> s == AuthorizationStatus.AUTHORIZED)
                .hasSize(5);
        assertThat(statuses).filteredOn(s -> s == AuthorizationStatus.DECLINED).hasSize(5);
        assertThat(money(account(customer).path("reserved"))).isEqualTo("500.00 EUR");
    }

    @Test
    void deadLettersPoisonRecordsAndGoesOnWithTheNextOne() {
        String customer = newCustomerWithLimit("500.00");
        String orderId = newOrderId();
        String sagaId = UUID.randomUUID().toString();

        sendCommand(AUTHORIZE, orderId, sagaId, "{\"orderId\": \"" + orderId + "\", \"amount\": {");
        sendCommand("payment.RefundPayment.v1", orderId, sagaId, orderPayload(orderId));
        authorize(orderId, customer, "42.00");

        List<ConsumerRecord<String, String>> deadLetters =
                kafka.awaitRecords(Topics.deadLetter(Topics.PAYMENT_COMMANDS), r -> orderId.equals(r.key()), 2, WAIT);
        assertThat(deadLetters)
                .allSatisfy(r -> assertThat(KafkaTestClient.header(r, MessageHeaders.DEAD_LETTER_EXCEPTION))
                        .isNotBlank());
        assertThat(deadLetters)
                .extracting(PaymentServiceIT::type)
                .containsExactly(AUTHORIZE, "payment.RefundPayment.v1");
        awaitReply(orderId, AUTHORIZED);
        assertThat(money(account(customer).path("reserved"))).isEqualTo("42.00 EUR");
    }

    @Test
    void deadLettersACaptureOfAVoidedPaymentAndKeepsTheBalances() {
        String customer = newCustomerWithLimit("500.00");
        String orderId = newOrderId();
        authorize(orderId, customer, "60.00");
        sendCommand(VOID, orderId, UUID.randomUUID().toString(), orderPayload(orderId));
        awaitReply(orderId, VOIDED);

        sendCommand(CAPTURE, orderId, UUID.randomUUID().toString(), orderPayload(orderId));

        ConsumerRecord<String, String> deadLetter = kafka.awaitRecord(
                Topics.deadLetter(Topics.PAYMENT_COMMANDS),
                r -> orderId.equals(r.key()) && CAPTURE.equals(type(r)),
                WAIT);
        assertThat(KafkaTestClient.header(deadLetter, "kafka_dlt-exception-message"))
                .contains("VOIDED");
        JsonNode account = account(customer);
        assertThat(money(account.path("reserved"))).isEqualTo("0.00 EUR");
        assertThat(money(account.path("used"))).isEqualTo("0.00 EUR");
    }
    // --- HTTP ---

    private HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    private HttpResponse<String> put(String path, String body) {
        return send("PUT", path, "application/json", body);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", AuthServerProcess.get().bearer())
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    private void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
        JsonNode problem = body(response);
        assertThat(problem.path("type").asString()).isEqualTo("https://shopfloor.dev/problems/" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }

    private List<String> violatedFields(HttpResponse<String> response) {
        List<String> fields = new ArrayList<>();
        body(response)
                .path("violations")
                .forEach(v -> fields.add(v.path("field").asString()));
        return fields;
    }

    private static String limit(String amount, String currency) {
        return "{\"creditLimit\": {\"amount\": \"" + amount + "\", \"currency\": \"" + currency + "\"}}";
    }

    private static String money(JsonNode money) {
        return money.path("amount").asString() + " " + money.path("currency").asString();
    }

    private JsonNode account(String customer) {
        HttpResponse<String> response = get("/api/customers/" + customer + "/account");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private static String newCustomer() {
        return "cust-" + CUSTOMER_IDS.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    private String newCustomerWithLimit(String creditLimit) {
        String customer = newCustomer();
        assertThat(put("/api/customers/" + customer + "/account", limit(creditLimit, "EUR"))
                        .statusCode())
                .isEqualTo(201);
        return customer;
    }

    // --- Kafka ---

    private static String newOrderId() {
        return Long.toString(ORDER_IDS.incrementAndGet());
    }

    private void authorize(String orderId, String customer, String amount) {
        sendCommand(AUTHORIZE, orderId, UUID.randomUUID().toString(), authorizePayload(orderId, customer, amount));
    }

    private static String authorizePayload(String orderId, String customer, String amount) {
        return "{\"orderId\": \"" + orderId + "\", \"customerId\": \"" + customer + "\", \"amount\": {\"amount\": \""
                + amount + "\", \"currency\": \"EUR\"}}";
    }

    private static String orderPayload(String orderId) {
        return "{\"orderId\": \"" + orderId + "\"}";
    }

    private void sendCommand(String type, String orderId, String sagaId, String payload) {
        sendCommand(UUID.randomUUID().toString(), type, orderId, sagaId, payload);
    }

    private void sendCommand(String messageId, String type, String orderId, String sagaId, String payload) {
        kafka.send(
                Topics.PAYMENT_COMMANDS,
                orderId,
                Map.of(
                        MessageHeaders.MESSAGE_ID, messageId,
                        MessageHeaders.MESSAGE_TYPE, type,
                        MessageHeaders.SAGA_ID, sagaId,
                        MessageHeaders.CORRELATION_ID, orderId,
                        MessageHeaders.OCCURRED_AT, Instant.now().toString()),
                payload);
    }

    private ConsumerRecord<String, String> awaitReply(String orderId, String type) {
        ConsumerRecord<String, String> reply =
                kafka.awaitRecord(Topics.SAGA_REPLIES, r -> orderId.equals(r.key()) && type.equals(type(r)), WAIT);
        assertValidReply(reply);
        return reply;
    }

    /** Every reply checked here must satisfy the published contract (infra/contracts) of its type. */
    private void assertValidReply(ConsumerRecord<String, String> reply) {
        contracts.validate(type(reply), reply.value());
    }

    private List<String> repliesWritten(String orderId) {
        return jdbc.sql("select message_type from outbox where correlation_id = :orderId order by occurred_at, id")
                .param("orderId", orderId)
                .query(String.class)
                .list();
    }

    private static String type(ConsumerRecord<String, String> record) {
        return KafkaTestClient.header(record, MessageHeaders.MESSAGE_TYPE);
    }

    private String reason(ConsumerRecord<String, String> reply) {
        return json.readTree(reply.value()).path("reason").asString();
    }
}
