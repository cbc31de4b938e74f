package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;
import java.util.Objects;

/**
 * The observation {@code saga.step}: the orchestrator applying one event to one saga (a participant's reply, the
 * order that starts it, a passed deadline, or an operator's retry) and writing what it decided. With Micrometer
 * Tracing it is a span named {@code saga step <STEP>} (e.g. {@code saga step RESERVING_STOCK}), the child of the Kafka
 * consumer's span, and the parent of the commands the step writes to the outbox; with a meter registry it is the timer
 * {@code saga.step} [{@code saga_step_seconds}] (time spent handling, not the step's wait: that is {@code
 * shopfloor.saga.step.duration}).
 */
enum SagaStepObservation implements ObservationDocumentation {
    SAGA_STEP {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return Convention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeys.values();
        }
    };

    /** Tags of both the span and the timer: a bounded set of values each. */
    enum LowCardinalityKeys implements KeyName {
        /** The state the saga was in when the event arrived, a {@link SagaState} name. */
        STEP("step"),
        /**
         * What arrived: a message type ({@code inventory.StockReserved.v1}), or {@code saga.DeadlinePassed} / {@code
         * saga.RetryRequested}.
         */
        EVENT("event");

        private final String key;

        LowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Tags of the span only (one value per saga). */
    enum HighCardinalityKeys implements KeyName {
        /** The order id, decimal. */
        ORDER_ID("order.id"),
        /** The saga id, a UUID. */
        SAGA_ID("saga.id");

        private final String key;

        HighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** What the observation knows about the step it observes. */
    static final class Context extends Observation.Context {

        private final SagaState step;
        private final String event;
        private final OrderId orderId;
        private final SagaId sagaId;

        Context(SagaState step, String event, OrderId orderId, SagaId sagaId) {
            this.step = Objects.requireNonNull(step, "step");
            this.event = Objects.requireNonNull(event, "event");
            this.orderId = Objects.requireNonNull(orderId, "orderId");
            this.sagaId = Objects.requireNonNull(sagaId, "sagaId");
        }

        SagaState step() {
            return step;
        }

        String event() {
            return event;
        }

        OrderId orderId() {
            return orderId;
        }

        SagaId sagaId() {
            return sagaId;
        }
    }

    /** Names and tags {@code saga.step} as the class comment says. */
    static final class Convention implements ObservationConvention<Context> {

        static final String NAME = "saga.step";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public String getContextualName(Context context) {
            return "saga step " + context.step().name();
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(Context context) {
            return KeyValues.of(
                    LowCardinalityKeys.STEP.withValue(context.step().name()),
                    LowCardinalityKeys.EVENT.withValue(context.event()));
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(Context context) {
            return KeyValues.of(
                    HighCardinalityKeys.ORDER_ID.withValue(context.orderId().toString()),
                    HighCardinalityKeys.SAGA_ID.withValue(context.sagaId().toString()));
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof Context;
        }
    }
}
