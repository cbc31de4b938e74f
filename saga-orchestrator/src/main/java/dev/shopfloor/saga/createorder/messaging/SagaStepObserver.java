package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
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

    /** Name of the span that joins work the saga does on its own (a deadline) to the trace that started it. */
    static final String RESUMED_SPAN = "saga resumed";

    private final ObservationRegistry registry;
    private final Tracer tracer;
    private final Propagator propagator;

    @Autowired
    SagaStepObserver(
            ObservationRegistry registry, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this(registry, tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    /** Without a tracer ({@code null}s), {@link #resuming} runs its work as it is. */
    SagaStepObserver(ObservationRegistry registry, Tracer tracer, Propagator propagator) {
        this.registry = registry;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * Runs {@code work} inside the trace that started the saga, when there is no current span (the deadline sweeper's
     * thread has none): a span {@value #RESUMED_SPAN}, child of {@code traceparent}, is current while it runs, so the
     * {@code saga.step} observation and the commands it writes to the outbox join the order's trace instead of
     * starting one of their own. Without a stored trace context, a tracer, or with a span already current, it just
     * runs {@code work}.
     *
     * @param traceparent the W3C {@code traceparent} stored when the saga started
     */
    <T> T resuming(Optional<String> traceparent, OrderId orderId, SagaId sagaId, Supplier<T> work) {
        if (traceparent.isEmpty() || tracer == null || propagator == null || tracer.currentSpan() != null) {
            return work.get();
        }
        Span span = propagator
                .extract(Map.of(MessageHeaders.TRACEPARENT, traceparent.get()), Map::get)
                .name(RESUMED_SPAN)
                .tag("order.id", orderId.toString())
                .tag("saga.id", sagaId.toString())
                .start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
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
