package dev.shopfloor.inventory.reservation.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.OrderId;
import dev.shopfloor.inventory.reservation.ReservationLine;
import dev.shopfloor.inventory.reservation.Shortage;
import dev.shopfloor.inventory.reservation.StockCommand;
import dev.shopfloor.inventory.reservation.StockReply;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class InventoryMessagesTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final InventoryMessages messages = new InventoryMessages(json);

    @Test
    void readsReserveStockIgnoringUnknownFields() {
        StockCommand command = messages.read("inventory.ReserveStock.v1", """
                {"orderId":"7","items":[{"sku":"SKU-1","quantity":2,"note":"x"}],"extra":true}""");

        assertThat(command)
                .isEqualTo(new StockCommand.ReserveStock(
                        new OrderId(7), List.of(new ReservationLine(Sku.of("SKU-1"), 2))));
    }

    @Test
    void readsReleaseAndCommitStock() {
        assertThat(messages.read("inventory.ReleaseStock.v1", "{\"orderId\":\"7\"}"))
                .isEqualTo(new StockCommand.ReleaseStock(new OrderId(7)));
        assertThat(messages.read("inventory.CommitStock.v1", "{\"orderId\":\"7\"}"))
                .isEqualTo(new StockCommand.CommitStock(new OrderId(7)));
    }

    @Test
    void treatsAnUnknownMessageTypeAsPoison() {
        assertThatThrownBy(() -> messages.read("inventory.StockReserved.v1", "{\"orderId\":\"7\"}"))
                .isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void treatsACommandThatCanNeverBeCarriedOutAsPoison() {
        assertThatThrownBy(() -> messages.read(
                        "inventory.ReserveStock.v1",
                        "{\"orderId\":\"7\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":0}]}"))
                .isInstanceOf(PoisonMessageException.class);
        assertThatThrownBy(() -> messages.read("inventory.ReserveStock.v1", "{\"orderId\":\"7\",\"items\":[]}"))
                .isInstanceOf(PoisonMessageException.class);
        assertThatThrownBy(() -> messages.read("inventory.ReleaseStock.v1", "{\"orderId\":\"abc\"}"))
                .isInstanceOf(PoisonMessageException.class);
        assertThatThrownBy(() -> messages.read("inventory.CommitStock.v1", "{}"))
                .isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void leavesMalformedJsonToTheErrorHandler() {
        assertThatThrownBy(() -> messages.read("inventory.ReserveStock.v1", "{not json"))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void writesStockUnavailableWithItsShortages() {
        OutboundMessage message = messages.reply(
                new StockReply.StockUnavailable(new OrderId(7), List.of(new Shortage(Sku.of("SKU-1"), 3, 1))),
                "saga-1");

        assertThat(message.topic()).isEqualTo(Topics.SAGA_REPLIES);
        assertThat(message.key()).isEqualTo("7");
        assertThat(message.correlationId()).isEqualTo("7");
        assertThat(message.sagaId()).isEqualTo("saga-1");
        assertThat(message.type().value()).isEqualTo("inventory.StockUnavailable.v1");
        assertThat(json.writeValueAsString(message.payload()))
                .isEqualTo("{\"orderId\":\"7\",\"shortages\":[{\"sku\":\"SKU-1\",\"requested\":3,\"available\":1}]}");
    }

    @Test
    void writesEachOtherReplyAsItsOrder() {
        OrderId order = new OrderId(7);
        assertThat(messages.reply(new StockReply.StockReserved(order), "s")
                        .type()
                        .value())
                .isEqualTo("inventory.StockReserved.v1");
        assertThat(messages.reply(new StockReply.StockReleased(order), "s")
                        .type()
                        .value())
                .isEqualTo("inventory.StockReleased.v1");
        assertThat(messages.reply(new StockReply.StockCommitted(order), "s")
                        .type()
                        .value())
                .isEqualTo("inventory.StockCommitted.v1");
        assertThat(json.writeValueAsString(
                        messages.reply(new StockReply.StockReserved(order), "s").payload()))
                .isEqualTo("{\"orderId\":\"7\"}");
    }
}
