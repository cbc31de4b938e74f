package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs the handling of one saga event inside the {@link SagaStepObservation saga.step} observation, with the MDC keys
 * {@value #ORDER_ID} and {@value #SAGA_ID} set, so every log line of the handling (the sweeper's and the operator's
 * too, which no Kafka listener wraps) names its order and saga next to Boot's {@code traceId} and {@code spanId}.
 *
 * <p>Call it inside the step's transaction, once the saga is known and locked: the outbox rows the handling appends
 * then carry this step's span as their parent. A failure is recorded on the observation and rethrown.
 */
@Component
class SagaStepObserver {

    /** MDC key of the order id, decimal. */
    static final String ORDER_ID = "orderId";

    /** MDC key of the saga id, a UUID. */
    static final String SAGA_ID = "sagaId";

    private final ObservationRegistry registry;

    SagaStepObserver(ObservationRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs {@code handling} as the step {@code step} of the saga, on {@code event}.
     *
     * @param step the state the saga is in when the event arrives
     * @param event the message type, or {@code saga.DeadlinePassed} / {@code saga.RetryRequested}
     * @return what {@code handling} returns
     */
    <T> T observe(SagaState step, String event, OrderId orderId, SagaId sagaId, Supplier<T> handling) {
        String outerOrderId = MDC.get(ORDER_ID);
        String outerSagaId = MDC.get(SAGA_ID);
        MDC.put(ORDER_ID, orderId.toString());
        MDC.put(SAGA_ID, sagaId.toString());
        try {
            return SagaStepObservation.SAGA_STEP
                    .observation(
                            null,
                            new SagaStepObservation.Convention(),
                            () -> new SagaStepObservation.Context(step, event, orderId, sagaId),
                            registry)
                    .observe(handling);
        } finally {
            // a Kafka listener may have set them already (infra/messaging): leave what was there before
            restore(ORDER_ID, outerOrderId);
            restore(SAGA_ID, outerSagaId);
        }
    }

    /** Runs {@code handling} as {@link #observe(SagaState, String, OrderId, SagaId, Supplier)} does. */
    void observe(SagaState step, String event, OrderId orderId, SagaId sagaId, Runnable handling) {
        observe(step, event, orderId, sagaId, () -> {
            handling.run();
            return null;
        });
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
