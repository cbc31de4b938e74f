package dev.shopfloor.saga.createorder.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.saga.createorder.Money;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.SagaEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class EventReaderTest {

    private final EventReader reader = new EventReader(JsonMapper.builder().build());

    @Test
    void readsAnAuthorizationWithItsAmount() {
        SagaEvent reply = reader.reply("payment.PaymentAuthorized.v1", """
                {"orderId": "42", "amount": {"amount": "12.50", "currency": "EUR"}}""");

        assertThat(reply).isEqualTo(new SagaEvent.PaymentAuthorized(new OrderId(42), Money.of("12.50", "EUR")));
    }

    @Test
    void readsTheLinesOfANewOrder() {
        SagaEvent.OrderCreated created = reader.orderCreated("""
                {"orderId": "42", "customerId": "c-1", "createdAt": "2026-03-14T09:26:53Z",
                 "items": [{"sku": "PAD-XL", "quantity": 2, "unitPrice": {"amount": "15.00", "currency": "EUR"}}],
                 "total": {"amount": "30.00", "currency": "EUR"}}""");

        assertThat(created.items()).containsExactly(new OrderLine("PAD-XL", 2));
    }

    @Test
    void treatsAnUnknownReplyTypeAsPoison() {
        assertThatThrownBy(() -> reader.reply("inventory.StockTeleported.v1", "{\"orderId\": \"42\"}"))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("inventory.StockTeleported.v1");
    }

    @Test
    void treatsACommandOnTheReplyTopicAsPoison() {
        assertThatThrownBy(() -> reader.reply("inventory.ReserveStock.v1", "{\"orderId\": \"42\"}"))
                .isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void leavesABodyThatIsNotJsonToTheJsonError() {
        assertThatThrownBy(() -> reader.reply("inventory.StockReserved.v1", "{not json"))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void treatsAReplyWithoutOrderIdAsPoison() {
        assertThatThrownBy(() -> reader.reply("inventory.StockReserved.v1", "{}"))
                .isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void treatsAnOrderWithoutLinesAsPoison() {
        assertThatThrownBy(() -> reader.orderCreated("""
                        {"orderId": "42", "customerId": "c-1", "items": [],
                         "total": {"amount": "0.00", "currency": "EUR"}}""")).isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void treatsAnAmountWithThreeFractionDigitsAsPoison() {
        assertThatThrownBy(() -> reader.reply("payment.PaymentAuthorized.v1", """
                        {"orderId": "42", "amount": {"amount": "12.505", "currency": "EUR"}}"""))
                .isInstanceOf(PoisonMessageException.class);
    }
}
