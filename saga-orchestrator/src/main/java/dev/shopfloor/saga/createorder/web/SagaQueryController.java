package dev.shopfloor.saga.createorder.web;

import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.SagaNotFound;
import dev.shopfloor.saga.createorder.SagaStep;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import dev.shopfloor.security.Caller;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/orders/{orderId}/saga}: an order's saga and its step log, so a person can see each step, message
 * and time. Answers {@code 404} problem details for an unknown order or an id that is not an order id.
 */
@RestController
class SagaQueryController {

    private final CreateOrderSagas sagas;

    SagaQueryController(CreateOrderSagas sagas) {
        this.sagas = sagas;
    }

    @GetMapping("/api/orders/{orderId}/saga")
    SagaView saga(@PathVariable String orderId, Caller caller) {
        OrderId id;
        try {
            id = OrderId.parse(orderId);
        } catch (IllegalArgumentException e) {
            throw new SagaNotFound(orderId);
        }
        // another customer's saga is answered exactly like an unknown one
        CreateOrderSaga saga = sagas.findByOrder(id)
                .filter(found -> caller.mayActFor(found.customerId().value()))
                .orElseThrow(() -> new SagaNotFound(orderId));
        return SagaView.of(saga, sagas.steps(saga.id()));
    }

    /**
     * The answer body.
     *
     * @param sagaId the saga's UUID
     * @param orderId the order id as a decimal string
     * @param state a {@link dev.shopfloor.saga.createorder.SagaState} name
     * @param rejectionReason a {@link dev.shopfloor.saga.createorder.RejectionReason} name, or {@code null}
     * @param deadlineAt when the current step times out (ISO-8601 UTC), or {@code null} when the saga is final or
     *     parked
     * @param steps the step log, oldest first
     */
    record SagaView(
            String sagaId,
            String orderId,
            String state,
            String rejectionReason,
            String deadlineAt,
            List<StepView> steps) {

        static SagaView of(CreateOrderSaga saga, List<SagaStep> steps) {
            return new SagaView(
                    saga.id().toString(),
                    saga.orderId().toString(),
                    saga.state().name(),
                    saga.rejectionReason().map(Enum::name).orElse(null),
                    saga.deadlineAt().map(DateTimeFormatter.ISO_INSTANT::format).orElse(null),
                    steps.stream().map(StepView::of).toList());
        }
    }

    /**
     * One step log line.
     *
     * @param step the saga state the message belongs to
     * @param direction {@code SENT} or {@code RECEIVED}; {@code TIMED_OUT} when the step's deadline passed, {@code
     *     OPERATOR} when an operator retried the parked saga
     * @param message the message type, e.g. {@code inventory.ReserveStock.v1}; {@code saga.DeadlinePassed} or {@code
     *     saga.RetryRequested} on the two lines that are no message
     * @param at ISO-8601 instant in UTC
     */
    record StepView(String step, String direction, String message, String at) {

        static StepView of(SagaStep step) {
            return new StepView(
                    step.step().name(),
                    step.direction().name(),
                    step.messageType(),
                    DateTimeFormatter.ISO_INSTANT.format(step.at()));
        }
    }
}
