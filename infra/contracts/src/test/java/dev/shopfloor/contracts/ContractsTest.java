package dev.shopfloor.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The contracts as a whole: the catalog's message types, their examples and the helper's failure modes. */
class ContractsTest {

    private static final Contracts CONTRACTS = Contracts.load();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shipsASchemaForEveryMessageTypeOfTheCatalogAndNoOther() {
        assertThat(CONTRACTS.messageTypes()).containsExactlyInAnyOrderElementsOf(Catalog.TOPICS.keySet());
    }

    @Test
    void shipsAtLeastOneExamplePerMessageType() {
        assertThat(CONTRACTS.messageTypes())
                .allSatisfy(
                        type -> assertThat(CONTRACTS.examples(type)).as(type).isNotEmpty());
    }

    static Stream<Arguments> examples() {
        return CONTRACTS.messageTypes().stream()
                .flatMap(type -> CONTRACTS.examples(type).stream().map(json -> Arguments.of(type, json)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("examples")
    void everyExampleValidatesAgainstItsSchema(String type, String json) {
        CONTRACTS.validate(type, json);
    }

    @Test
    void shipsAnExampleForEachPaymentDeclineReason() {
        assertThat(reasons("payment.PaymentDeclined.v1")).contains("NO_ACCOUNT", "INSUFFICIENT_CREDIT");
    }

    @Test
    void shipsAnExampleForEachRejectionReason() {
        assertThat(reasons("order.RejectOrder.v1")).contains("OUT_OF_STOCK", "PAYMENT_DECLINED", "TIMEOUT");
        assertThat(reasons("order.OrderRejected.v1")).contains("OUT_OF_STOCK", "PAYMENT_DECLINED", "TIMEOUT");
    }

    @Test
    void shipsAReserveStockExampleWithSeveralLines() {
        assertThat(CONTRACTS.examples("inventory.ReserveStock.v1"))
                .anySatisfy(json ->
                        assertThat(JSON.readTree(json).get("items").size()).isGreaterThan(1));
    }

    @Test
    void returnsTheSchemaTextOfAMessageType() {
        JsonNode schema = JSON.readTree(CONTRACTS.schema("inventory.ReserveStock.v1"));

        assertThat(schema.get("$id").asString())
                .isEqualTo(Contracts.SCHEMA_ID_BASE + "inventory.ReserveStock.v1.schema.json");
    }

    @Test
    void returnsTheSameInstanceOnEveryLoad() {
        assertThat(Contracts.load()).isSameAs(CONTRACTS);
    }

    @Test
    void rejectsAnUnknownMessageTypeEverywhere() {
        assertThatThrownBy(() -> CONTRACTS.validate("inventory.StealStock.v1", "{\"orderId\":\"1\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("unknown message type 'inventory.StealStock.v1'")
                .hasMessageContaining("inventory.ReserveStock.v1");
        assertThatThrownBy(() -> CONTRACTS.examples("inventory.ReserveStock.v2"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> CONTRACTS.schema("common")).isInstanceOf(AssertionError.class);
    }

    @Test
    void rejectsAPayloadThatIsNotJson() {
        assertThatThrownBy(() -> CONTRACTS.validate("inventory.StockReserved.v1", "{\"orderId\": "))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("inventory.StockReserved.v1 payload is not JSON");
    }

    @Test
    void rejectsAPayloadThatIsNotAnObject() {
        assertThatThrownBy(() -> CONTRACTS.validate("inventory.StockReserved.v1", "[\"7231048572910592001\"]"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("violates its schema");
    }

    @Test
    void failsToLoadWhenAnExampleFolderHasNoSchema() {
        String schema = CONTRACTS.schema("inventory.StockReserved.v1");

        assertThatThrownBy(() -> Contracts.read(Map.of(
                        "schemas/inventory.StockReserved.v1.schema.json",
                        schema,
                        "examples/inventory.StockReservd.v1/typo.json",
                        "{}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inventory.StockReservd.v1");
    }

    @Test
    void failsToLoadWhenASchemaReferenceDoesNotResolve() {
        // common.schema.json is missing, so the $ref to OrderId cannot resolve.
        String schema = CONTRACTS.schema("inventory.StockReserved.v1");

        assertThatThrownBy(() -> Contracts.read(Map.of("schemas/inventory.StockReserved.v1.schema.json", schema)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inventory.StockReserved.v1");
    }

    private static List<String> reasons(String type) {
        return CONTRACTS.examples(type).stream()
                .map(json -> JSON.readTree(json).get("reason").asString())
                .toList();
    }
}
