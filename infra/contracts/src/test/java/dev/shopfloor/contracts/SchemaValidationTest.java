package dev.shopfloor.contracts;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schemas reject what the catalog forbids. Each case starts from a valid payload and breaks one thing, so a
 * failure here means the schema lets that one mistake through.
 */
class SchemaValidationTest {

    private static final Contracts CONTRACTS = Contracts.load();

    private static final String ORDER_CREATED = """
            {"orderId": "7231048572910592001", "customerId": "cust-1042",
             "items": [{"sku": "KB-MECH-87", "quantity": 1, "unitPrice": {"amount": "89.90", "currency": "EUR"}}],
             "total": {"amount": "89.90", "currency": "EUR"}, "createdAt": "2026-03-14T09:31:07.120456Z"}
            """;

    private static final String RESERVE_STOCK = """
            {"orderId": "7231048572910592001", "items": [{"sku": "KB-MECH-87", "quantity": 2}]}
            """;

    private static final String AUTHORIZE_PAYMENT = """
            {"orderId": "7231048572910592001", "customerId": "cust-1042", "amount": {"amount": "153.90", "currency": "EUR"}}
            """;

    @Test
    void acceptsTheUnbrokenPayloads() {
        assertThatCode(() -> {
                    CONTRACTS.validate("order.OrderCreated.v1", ORDER_CREATED);
                    CONTRACTS.validate("inventory.ReserveStock.v1", RESERVE_STOCK);
                    CONTRACTS.validate("payment.AuthorizePayment.v1", AUTHORIZE_PAYMENT);
                })
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsUnknownFieldsBecauseReadersIgnoreThem() {
        assertThatCode(() -> CONTRACTS.validate(
                        "inventory.ReserveStock.v1",
                        RESERVE_STOCK.replace("\"items\"", "\"priority\": \"HIGH\", \"items\"")))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsAPayloadWithoutOrderId() {
        expectViolation("inventory.StockReserved.v1", "{}", "orderId");
        expectViolation("inventory.ReserveStock.v1", RESERVE_STOCK.replace("\"orderId\"", "\"order_id\""), "orderId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"abc\"", "\"-5\"", "\"0123\"", "\"12345678901234567890\"", "7231048572910592001"})
    void rejectsAnOrderIdThatIsNotAStringOfDigits(String orderId) {
        expectViolation("inventory.StockReserved.v1", "{\"orderId\": " + orderId + "}", "orderId");
    }

    @Test
    void rejectsAQuantityOfZero() {
        expectViolation(
                "inventory.ReserveStock.v1", RESERVE_STOCK.replace("\"quantity\": 2", "\"quantity\": 0"), "quantity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "\"2\"", "2147483648"})
    void rejectsAQuantityThatIsNotAPositiveInteger(String quantity) {
        expectViolation(
                "inventory.ReserveStock.v1",
                RESERVE_STOCK.replace("\"quantity\": 2", "\"quantity\": " + quantity),
                "quantity");
    }

    @Test
    void rejectsAnEmptyListOfItems() {
        expectViolation("inventory.ReserveStock.v1", "{\"orderId\": \"7231048572910592001\", \"items\": []}", "items");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"kb-mech-87", "-KB", "K", "KB MECH", "KB_MECH", "ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJX"})
    void rejectsAMalformedSku(String sku) {
        expectViolation("inventory.ReserveStock.v1", RESERVE_STOCK.replace("KB-MECH-87", sku), "sku");
    }

    @Test
    void rejectsAnAmountWithOneFractionDigit() {
        expectViolation("payment.AuthorizePayment.v1", AUTHORIZE_PAYMENT.replace("\"153.90\"", "\"12.5\""), "amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"12\"", "\"12.500\"", "\"1,50\"", "\"12.50\\n\"", "12.50"})
    void rejectsAnAmountThatIsNotADecimalStringWithTwoFractionDigits(String amount) {
        expectViolation("payment.AuthorizePayment.v1", AUTHORIZE_PAYMENT.replace("\"153.90\"", amount), "amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eur", "EURO", "E1R", ""})
    void rejectsAWrongCurrency(String currency) {
        expectViolation("payment.AuthorizePayment.v1", AUTHORIZE_PAYMENT.replace("EUR", currency), "currency");
    }

    @Test
    void rejectsMoneyWithoutCurrency() {
        expectViolation(
                "payment.AuthorizePayment.v1", AUTHORIZE_PAYMENT.replace(", \"currency\": \"EUR\"", ""), "currency");
    }

    @Test
    void rejectsAWrongUnitPriceInsideAnOrderLine() {
        expectViolation("order.OrderCreated.v1", ORDER_CREATED.replaceFirst("\"89.90\"", "\"89.9\""), "unitPrice");
    }

    @Test
    void rejectsAnUnknownDeclineReason() {
        expectViolation(
                "payment.PaymentDeclined.v1",
                "{\"orderId\": \"7231048572910592001\", \"reason\": \"CARD_EXPIRED\"}",
                "reason");
    }

    @Test
    void rejectsAnUnknownRejectionReason() {
        expectViolation(
                "order.RejectOrder.v1", "{\"orderId\": \"7231048572910592001\", \"reason\": \"NO_ACCOUNT\"}", "reason");
        expectViolation(
                "order.OrderRejected.v1", "{\"orderId\": \"7231048572910592001\", \"reason\": \"timeout\"}", "reason");
    }

    @Test
    void rejectsAMissingReason() {
        expectViolation("payment.PaymentDeclined.v1", "{\"orderId\": \"7231048572910592001\"}", "reason");
    }

    @Test
    void rejectsACreationTimeThatIsNotADateTime() {
        expectViolation(
                "order.OrderCreated.v1",
                ORDER_CREATED.replace("2026-03-14T09:31:07.120456Z", "14/03/2026 09:31"),
                "createdAt");
    }

    @Test
    void rejectsAShortageWithNegativeAvailability() {
        expectViolation(
                "inventory.StockUnavailable.v1",
                "{\"orderId\": \"7231048572910592001\", \"shortages\": [{\"sku\": \"KB-MECH-87\", \"requested\": 2, \"available\": -1}]}",
                "available");
    }

    @Test
    void listsEveryViolationOfAPayload() {
        String broken = AUTHORIZE_PAYMENT
                .replace("\"153.90\"", "\"12.5\"")
                .replace("EUR", "eur")
                .replace("\"customerId\"", "\"customer\"");

        expectViolation("payment.AuthorizePayment.v1", broken, "3 violations")
                .hasMessageContaining("amount")
                .hasMessageContaining("currency")
                .hasMessageContaining("customerId");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> expectViolation(
            String type, String json, String expectedInMessage) {
        return assertThatThrownBy(() -> CONTRACTS.validate(type, json))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(type + " payload violates its schema")
                .hasMessageContaining(expectedInMessage);
    }
}
