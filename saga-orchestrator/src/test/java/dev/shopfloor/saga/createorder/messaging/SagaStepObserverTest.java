package dev.shopfloor.saga.createorder.messaging;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class SagaStepObserverTest {

    private static final OrderId ORDER = new OrderId(7231048573012345678L);
    private static final SagaId SAGA = new SagaId(UUID.fromString("0b8a3a53-5c1e-4f6e-9d57-3c2b1e0f9a11"));

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final SagaStepObserver observer = new SagaStepObserver(registry, (Tracer) null, (Propagator) null);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void observesAStepTaggedWithItsStepEventOrderAndSaga() {
        String result =
                observer.observe(SagaState.RESERVING_STOCK, "inventory.StockReserved.v1", ORDER, SAGA, () -> "handled");

        assertThat(result).isEqualTo("handled");
        assertThat(registry)
                .hasSingleObservationThat()
                .hasNameEqualTo("saga.step")
                .hasContextualNameEqualTo("saga step RESERVING_STOCK")
                .hasLowCardinalityKeyValue("step", "RESERVING_STOCK")
                .hasLowCardinalityKeyValue("event", "inventory.StockReserved.v1")
                .hasHighCardinalityKeyValue("order.id", "7231048573012345678")
                .hasHighCardinalityKeyValue("saga.id", "0b8a3a53-5c1e-4f6e-9d57-3c2b1e0f9a11")
                .hasBeenStarted()
                .hasBeenStopped();
    }

    @Test
    void namesTheOrderAndSagaInTheMdcWhileHandlingOnly() {
        Map<String, String> seen = new HashMap<>();

        observer.observe(SagaState.APPROVING_ORDER, "saga.DeadlinePassed", ORDER, SAGA, () -> {
            seen.put("orderId", MDC.get("orderId"));
            seen.put("sagaId", MDC.get("sagaId"));
        });

        assertThat(seen)
                .containsEntry("orderId", "7231048573012345678")
                .containsEntry("sagaId", "0b8a3a53-5c1e-4f6e-9d57-3c2b1e0f9a11");
        assertThat(MDC.get("orderId")).isNull();
        assertThat(MDC.get("sagaId")).isNull();
    }

    @Test
    void leavesTheMdcOfTheListenerAroundItAsItWas() {
        MDC.put("orderId", "7231048573012345678");

        observer.observe(SagaState.APPROVING_ORDER, "order.OrderApproved.v1", ORDER, SAGA, () -> {});

        assertThat(MDC.get("orderId")).isEqualTo("7231048573012345678");
        assertThat(MDC.get("sagaId")).isNull();
    }

    @Test
    void recordsAFailedStepAndRethrows() {
        IllegalStateException failure = new IllegalStateException("database gone");

        assertThatThrownBy(() -> observer.observe(
                        SagaState.AUTHORIZING_PAYMENT, "payment.PaymentDeclined.v1", ORDER, SAGA, () -> {
                            throw failure;
                        }))
                .isSameAs(failure);
        assertThat(registry).hasSingleObservationThat().hasError(failure).hasBeenStopped();
        assertThat(MDC.get("orderId")).isNull();
    }
}
