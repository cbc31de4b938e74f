package dev.shopfloor.order.approval.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.order.approval.OrderCommand;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The consumer reads every example message of the commands it consumes, as the contracts publish them. */
class OrderCommandContractTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final OrderCommandReader reader = new OrderCommandReader(json);

    @ParameterizedTest
    @ValueSource(strings = {"order.ApproveOrder.v1", "order.RejectOrder.v1"})
    void readsEveryExample(String type) {
        List<String> examples = Contracts.load().examples(type);
        assertThat(examples).isNotEmpty();

        for (String example : examples) {
            JsonNode expected = json.readTree(example);
            OrderCommand command = reader.read(
                    new InboundMessage(UUID.randomUUID(), type, "saga-1", null, Instant.now(), null, example));

            assertThat(command.orderId().toString())
                    .isEqualTo(expected.get("orderId").asString());
            if (command instanceof OrderCommand.RejectOrder reject) {
                assertThat(reject.reason().name())
                        .isEqualTo(expected.get("reason").asString());
            } else {
                assertThat(type).isEqualTo("order.ApproveOrder.v1");
            }
        }
    }
}
