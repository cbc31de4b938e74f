package dev.shopfloor.order.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.order.domain.OrderId;
import dev.shopfloor.order.domain.RejectionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/** The replies the service writes to the orchestrator validate against the contract's schemas. */
class OrderReplyContractTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final OrderId orderId = new OrderId(7231048572910592001L);

    @Test
    void writesOrderApprovedThatValidates() {
        OutboundMessage message = OrderApproval.replyMessage(new OrderReply.OrderApproved(orderId), "saga-1");

        Contracts.load().validate(message.type().value(), json.writeValueAsString(message.payload()));
        assertThat(message.type().value()).isEqualTo("order.OrderApproved.v1");
        assertThat(message.topic()).isEqualTo(Topics.SAGA_REPLIES);
        assertThat(message.key()).isEqualTo("7231048572910592001");
        assertThat(message.sagaId()).isEqualTo("saga-1");
    }

    @ParameterizedTest
    @EnumSource(RejectionReason.class)
    void writesOrderRejectedThatValidates(RejectionReason reason) {
        OutboundMessage message = OrderApproval.replyMessage(new OrderReply.OrderRejected(orderId, reason), "saga-2");

        String body = json.writeValueAsString(message.payload());

        Contracts.load().validate(message.type().value(), body);
        assertThat(message.type().value()).isEqualTo("order.OrderRejected.v1");
        assertThat(body).contains("\"reason\":\"" + reason.name() + "\"");
    }
}
