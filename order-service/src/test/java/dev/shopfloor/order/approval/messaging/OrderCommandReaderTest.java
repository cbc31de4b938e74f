package dev.shopfloor.order.approval.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.PoisonMessageException;
import dev.shopfloor.order.approval.OrderCommand;
import dev.shopfloor.order.domain.OrderId;
import dev.shopfloor.order.domain.RejectionReason;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class OrderCommandReaderTest {

    private final OrderCommandReader reader =
            new OrderCommandReader(JsonMapper.builder().build());

    private static InboundMessage message(String type, String payload) {
        return new InboundMessage(UUID.randomUUID(), type, "saga-1", "12", Instant.now(), "12", payload);
    }

    @Test
    void readsApproveOrder() {
        OrderCommand command = reader.read(message("order.ApproveOrder.v1", "{\"orderId\":\"12\"}"));

        assertThat(command).isEqualTo(new OrderCommand.ApproveOrder(new OrderId(12)));
    }

    @Test
    void readsRejectOrderIgnoringUnknownFields() {
        OrderCommand command = reader.read(
                message("order.RejectOrder.v1", "{\"orderId\":\"12\",\"reason\":\"TIMEOUT\",\"extra\":{\"a\":1}}"));

        assertThat(command).isEqualTo(new OrderCommand.RejectOrder(new OrderId(12), RejectionReason.TIMEOUT));
    }

    @Test
    void treatsUnknownTypesAsPoison() {
        assertThatThrownBy(() -> reader.read(message("order.CancelOrder.v1", "{\"orderId\":\"12\"}")))
                .isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void treatsMissingOrInvalidFieldsAsPoison() {
        assertThatThrownBy(() -> reader.read(message("order.ApproveOrder.v1", "{}")))
                .isInstanceOf(PoisonMessageException.class);
        assertThatThrownBy(() -> reader.read(message("order.ApproveOrder.v1", "{\"orderId\":\"abc\"}")))
                .isInstanceOf(PoisonMessageException.class);
        assertThatThrownBy(
                        () -> reader.read(message("order.RejectOrder.v1", "{\"orderId\":\"12\",\"reason\":\"BORED\"}")))
                .isInstanceOf(PoisonMessageException.class);
        assertThatThrownBy(() -> reader.read(message("order.ApproveOrder.v1", "null")))
                .isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void failsOnBodiesThatAreNotJson() {
        assertThatThrownBy(() -> reader.read(message("order.ApproveOrder.v1", "{not json")))
                .isInstanceOf(JacksonException.class);
    }
}
