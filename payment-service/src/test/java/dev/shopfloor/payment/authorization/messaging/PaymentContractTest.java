package dev.shopfloor.payment.authorization.messaging;

import static dev.shopfloor.payment.account.TestMoney.eur;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.contracts.Contracts;
import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.payment.authorization.Authorization;
import dev.shopfloor.payment.authorization.AuthorizationStatus;
import dev.shopfloor.payment.authorization.DeclineReason;
import dev.shopfloor.payment.authorization.OrderId;
import dev.shopfloor.payment.authorization.messaging.PaymentCommand.AuthorizePayment;
import dev.shopfloor.payment.authorization.messaging.PaymentReply.PaymentCaptured;
import dev.shopfloor.payment.authorization.messaging.PaymentReply.PaymentVoided;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks payment against the language-neutral contract in infra/contracts: every reply it writes validates against
 * its schema, and it reads every example of each command it consumes. (PaymentServiceIT also validates the replies
 * as they arrive on Kafka.)
 */
class PaymentContractTest {

    private static final Contracts CONTRACTS = Contracts.load();
    private static final OrderId ORDER = new OrderId(7231048572910592001L);

    private final JsonMapper json = JsonMapper.builder().build();
    private final PaymentCommands commands = new PaymentCommands(json);

    @Test
    void writesAuthorizedRepliesThatMatchTheContract() {
        PaymentReply reply = PaymentCommandHandler.answer(Authorization.restore(
                ORDER, new CustomerId("cust-1"), eur("153.9"), AuthorizationStatus.AUTHORIZED, null));

        assertWrittenAs(reply, "payment.PaymentAuthorized.v1");
    }

    @Test
    void writesDeclinedRepliesThatMatchTheContract() {
        for (DeclineReason reason : DeclineReason.values()) {
            PaymentReply reply = PaymentCommandHandler.answer(Authorization.restore(
                    ORDER, new CustomerId("cust-1"), eur("10.00"), AuthorizationStatus.DECLINED, reason));

            assertWrittenAs(reply, "payment.PaymentDeclined.v1");
        }
    }

    @Test
    void writesVoidedAndCapturedRepliesThatMatchTheContract() {
        assertWrittenAs(new PaymentVoided(ORDER.toString()), "payment.PaymentVoided.v1");
        assertWrittenAs(new PaymentCaptured(ORDER.toString()), "payment.PaymentCaptured.v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"payment.AuthorizePayment.v1", "payment.VoidPayment.v1", "payment.CapturePayment.v1"})
    void readsEveryExampleOfTheCommandsItConsumes(String messageType) {
        List<String> examples = CONTRACTS.examples(messageType);
        assertThat(examples).isNotEmpty();

        for (String example : examples) {
            PaymentCommand command = commands.read(messageType, example);

            assertThat(OrderId.parse(command.orderId()).value()).isPositive();
            if (command instanceof AuthorizePayment authorize) {
                assertThat(new CustomerId(authorize.customerId()).value()).isNotBlank();
                assertThat(authorize.amount().toMoney().isNegative()).isFalse();
            }
        }
    }

    private void assertWrittenAs(PaymentReply reply, String messageType) {
        assertThat(PaymentReply.typeOf(reply).value()).isEqualTo(messageType);
        CONTRACTS.validate(messageType, json.writeValueAsString(reply));
    }
}
