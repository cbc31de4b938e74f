package dev.shopfloor.saga.createorder.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.saga.createorder.CustomerId;
import dev.shopfloor.saga.createorder.Money;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.RejectionReason;
import dev.shopfloor.saga.createorder.SagaCommand;
import dev.shopfloor.saga.createorder.SagaEvent;
import dev.shopfloor.saga.createorder.SagaEvent.OrderCreated;
import dev.shopfloor.saga.createorder.SagaId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract tests against {@code infra/contracts}: every command the orchestrator writes validates against its
 * schema, and the orchestrator reads every example of each message it consumes.
 */
class MessageContractTest {

    private static final Contracts CONTRACTS = Contracts.load();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OrderId ORDER = new OrderId(7231048573012345678L);
    private static final SagaId SAGA = SagaId.random();

    private final EventReader reader = new EventReader(JSON);
    private final CommandWriter writer = new CommandWriter();

    static Stream<SagaCommand> everyCommand() {
        return Stream.of(
                new SagaCommand.ReserveStock(
                        ORDER, List.of(new OrderLine("KB-MECH-87", 1), new OrderLine("USB-C-CABLE-2M", 3))),
                new SagaCommand.ReleaseStock(ORDER),
                new SagaCommand.CommitStock(ORDER),
                new SagaCommand.AuthorizePayment(ORDER, new CustomerId("cust-2077"), Money.of("29.97", "EUR")),
                new SagaCommand.AuthorizePayment(ORDER, new CustomerId("c-1"), Money.of("1200", "EUR")),
                new SagaCommand.VoidPayment(ORDER),
                new SagaCommand.CapturePayment(ORDER),
                new SagaCommand.ApproveOrder(ORDER),
                new SagaCommand.RejectOrder(ORDER, RejectionReason.OUT_OF_STOCK),
                new SagaCommand.RejectOrder(ORDER, RejectionReason.PAYMENT_DECLINED),
                new SagaCommand.RejectOrder(ORDER, RejectionReason.TIMEOUT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommand")
    void writesEveryCommandAsItsSchemaRequires(SagaCommand command) {
        OutboundMessage message = writer.write(command, SAGA);

        CONTRACTS.validate(message.type().value(), JSON.writeValueAsString(message.payload()));
    }

    @Test
    void writesAFullCommandBodyForTheSchemaToCheck() {
        OutboundMessage message = writer.write(
                new SagaCommand.AuthorizePayment(ORDER, new CustomerId("cust-2077"), Money.of("29.9", "EUR")), SAGA);

        assertThat(JSON.readValue(JSON.writeValueAsString(message.payload()), Map.class))
                .isEqualTo(Map.of(
                        "orderId",
                        "7231048573012345678",
                        "customerId",
                        "cust-2077",
                        "amount",
                        Map.of("amount", "29.90", "currency", "EUR")));
    }

    @Test
    void coversEveryCommandTypeOfTheContract() {
        List<String> written = everyCommand()
                .map(command -> writer.write(command, SAGA).type().value())
                .distinct()
                .toList();

        assertThat(written)
                .containsExactlyInAnyOrder(
                        "inventory.ReserveStock.v1",
                        "inventory.ReleaseStock.v1",
                        "inventory.CommitStock.v1",
                        "payment.AuthorizePayment.v1",
                        "payment.VoidPayment.v1",
                        "payment.CapturePayment.v1",
                        "order.ApproveOrder.v1",
                        "order.RejectOrder.v1");
        assertThat(CONTRACTS.messageTypes()).containsAll(written);
    }

    @Test
    void readsEveryExampleOfOrderCreated() {
        List<String> examples = CONTRACTS.examples(EventReader.ORDER_CREATED);
        assertThat(examples).isNotEmpty();

        for (String example : examples) {
            OrderCreated created = reader.orderCreated(example);
            Map<?, ?> raw = JSON.readValue(example, Map.class);
            assertThat(created.orderId().toString()).isEqualTo(raw.get("orderId"));
            assertThat(created.customerId().value()).isEqualTo(raw.get("customerId"));
            assertThat(created.items()).hasSize(((List<?>) raw.get("items")).size());
            assertThat(created.total().amount().toPlainString())
                    .isEqualTo(((Map<?, ?>) raw.get("total")).get("amount"));
        }
    }

    static Stream<String> replyTypes() {
        return EventReader.REPLY_TYPES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replyTypes")
    void readsEveryExampleOfEachReply(String type) {
        List<String> examples = CONTRACTS.examples(type);
        assertThat(examples).as("examples of " + type).isNotEmpty();

        for (String example : examples) {
            SagaEvent reply = reader.reply(type, example);
            assertThat(reply.getClass().getSimpleName()).isEqualTo(type.split("\\.")[1]);
            assertThat(reply.orderId().toString())
                    .isEqualTo(JSON.readValue(example, Map.class).get("orderId"));
        }
    }

    @Test
    void readsEveryReplyTypeTheContractSendsToTheSaga() {
        List<String> replies = CONTRACTS.messageTypes().stream()
                .filter(type -> !type.equals(EventReader.ORDER_CREATED))
                .filter(type -> everyCommand()
                        .noneMatch(c -> writer.write(c, SAGA).type().value().equals(type)))
                .toList();

        assertThat(EventReader.REPLY_TYPES).containsExactlyInAnyOrderElementsOf(replies);
    }
}
