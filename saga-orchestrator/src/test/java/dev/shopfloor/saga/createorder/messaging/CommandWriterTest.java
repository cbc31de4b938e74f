package dev.shopfloor.saga.createorder.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.messaging.Topics;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.RejectionReason;
import dev.shopfloor.saga.createorder.SagaCommand;
import dev.shopfloor.saga.createorder.SagaId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandWriterTest {

    private static final OrderId ORDER = new OrderId(7231048573012345678L);
    private static final SagaId SAGA = SagaId.random();

    private final CommandWriter writer = new CommandWriter();

    @Test
    void sendsStockCommandsToInventoryKeyedByOrderWithTheSagaId() {
        OutboundMessage message =
                writer.write(new SagaCommand.ReserveStock(ORDER, List.of(new OrderLine("PAD-XL", 1))), SAGA);

        assertThat(message.topic()).isEqualTo(Topics.INVENTORY_COMMANDS);
        assertThat(message.type().value()).isEqualTo("inventory.ReserveStock.v1");
        assertThat(message.key()).isEqualTo("7231048573012345678");
        assertThat(message.correlationId()).isEqualTo("7231048573012345678");
        assertThat(message.sagaId()).isEqualTo(SAGA.toString());
    }

    @Test
    void sendsEachCommandToItsParticipant() {
        assertThat(topicOf(new SagaCommand.ReleaseStock(ORDER))).isEqualTo(Topics.INVENTORY_COMMANDS);
        assertThat(topicOf(new SagaCommand.CommitStock(ORDER))).isEqualTo(Topics.INVENTORY_COMMANDS);
        assertThat(topicOf(new SagaCommand.VoidPayment(ORDER))).isEqualTo(Topics.PAYMENT_COMMANDS);
        assertThat(topicOf(new SagaCommand.CapturePayment(ORDER))).isEqualTo(Topics.PAYMENT_COMMANDS);
        assertThat(topicOf(new SagaCommand.ApproveOrder(ORDER))).isEqualTo(Topics.ORDER_COMMANDS);
        assertThat(topicOf(new SagaCommand.RejectOrder(ORDER, RejectionReason.TIMEOUT)))
                .isEqualTo(Topics.ORDER_COMMANDS);
    }

    private String topicOf(SagaCommand command) {
        return writer.write(command, SAGA).topic();
    }
}
