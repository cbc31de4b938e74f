package dev.shopfloor.inventory.reservation.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.OrderId;
import dev.shopfloor.inventory.reservation.Shortage;
import dev.shopfloor.inventory.reservation.StockCommand;
import dev.shopfloor.inventory.reservation.StockReply;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inventory against the platform's message contracts (infra/contracts): every reply it writes validates against its
 * schema, and it reads every example of every command it consumes.
 */
class InventoryContractTest {

    private static final Contracts CONTRACTS = Contracts.load();
    private static final OrderId ORDER = OrderId.parse("7231048572910592001");

    private final JsonMapper json = JsonMapper.builder().build();
    private final InventoryMessages messages = new InventoryMessages(json);

    static Stream<StockReply> everyReply() {
        return Stream.of(
                new StockReply.StockReserved(ORDER),
                new StockReply.StockUnavailable(ORDER, List.of(new Shortage(Sku.of("NO-SUCH-SKU"), 1, 0))),
                new StockReply.StockUnavailable(
                        ORDER,
                        List.of(
                                new Shortage(Sku.of("KB-MECH-87"), 3, 2),
                                new Shortage(Sku.of("MOUSE-WL-02"), Integer.MAX_VALUE, 0))),
                new StockReply.StockReleased(ORDER),
                new StockReply.StockCommitted(ORDER));
    }

    @ParameterizedTest
    @MethodSource("everyReply")
    void writesRepliesThatValidateAgainstTheirSchema(StockReply reply) {
        OutboundMessage message = messages.reply(reply, "saga-1");

        CONTRACTS.validate(message.type().value(), json.writeValueAsString(message.payload()));
    }

    @ParameterizedTest
    @MethodSource("everyCommandExample")
    void readsEveryExampleOfTheCommandsItConsumes(String type, String example) {
        StockCommand command = messages.read(type, example);

        assertThat(command.orderId().value()).isPositive();
        if (command instanceof StockCommand.ReserveStock reserve) {
            assertThat(reserve.lines()).isNotEmpty();
        }
    }

    @Test
    void findsExamplesForEveryCommandItConsumes() {
        assertThat(everyCommandExample().map(arguments -> arguments[0]).distinct())
                .containsExactlyInAnyOrder(
                        InventoryMessages.RESERVE_STOCK,
                        InventoryMessages.RELEASE_STOCK,
                        InventoryMessages.COMMIT_STOCK);
    }

    static Stream<Object[]> everyCommandExample() {
        return Stream.of(
                        InventoryMessages.RESERVE_STOCK,
                        InventoryMessages.RELEASE_STOCK,
                        InventoryMessages.COMMIT_STOCK)
                .flatMap(type -> CONTRACTS.examples(type).stream().map(example -> new Object[] {type, example}));
    }
}
