package dev.shopfloor.saga.createorder.web;

import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import dev.shopfloor.saga.createorder.messaging.SagaAdministration;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's API for stuck sagas (ADR 0005), on the orchestrator's own port and outside {@code /api}, so the
 * gateway never exposes it:
 *
 * <ul>
 *   <li>{@code GET /admin/sagas?state=COMPENSATION_FAILED&page=0&size=20}: sagas in a state, longest unchanged first;
 *       without {@code state}, every parked saga ({@code COMPENSATION_FAILED} and {@code APPROVAL_FAILED}). An unknown
 *       state or a page size outside 1..100 answers {@code 400}.
 *   <li>{@code POST /admin/sagas/{sagaId}/retry}: resends the unanswered commands of the step a parked saga was parked
 *       in and gives it a fresh deadline; {@code 200} with the saga, {@code 404} for an unknown saga, {@code 409} for
 *       a saga that is not parked.
 * </ul>
 *
 * Errors are {@code application/problem+json}.
 */
@RestController
class SagaAdminController {

    private final SagaAdministration administration;

    SagaAdminController(SagaAdministration administration) {
        this.administration = administration;
    }

    @GetMapping("/admin/sagas")
    SagaList list(
            @RequestParam(required = false) SagaState state,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        List<SagaState> states = state != null
                ? List.of(state)
                : Arrays.stream(SagaState.values()).filter(SagaState::isParked).toList();
        List<AdminSagaView> sagas = states.stream()
                .flatMap(s -> administration.inState(s, page, size).stream())
                .map(AdminSagaView::of)
                .toList();
        return new SagaList(states.stream().map(Enum::name).toList(), page, size, sagas);
    }

    @PostMapping("/admin/sagas/{sagaId}/retry")
    ResponseEntity<AdminSagaView> retry(@PathVariable UUID sagaId) {
        CreateOrderSaga saga = administration.retry(new SagaId(sagaId));
        return ResponseEntity.ok(AdminSagaView.of(new CreateOrderSagas.Stored(saga, Instant.now())));
    }

    /**
     * A page of sagas.
     *
     * @param states the states listed
     * @param page the page number, from 0
     * @param size the page size (per state)
     * @param sagas the sagas, longest unchanged first within each state
     */
    record SagaList(List<String> states, int page, int size, List<AdminSagaView> sagas) {}

    /**
     * One saga as an operator sees it.
     *
     * @param sagaId the saga's UUID
     * @param orderId the order id as a decimal string
     * @param customerId the customer
     * @param state a {@link SagaState} name
     * @param parkedIn the step a parked saga was parked in, or {@code null}
     * @param rejectionReason why the order is being rejected, or {@code null}
     * @param awaiting the commands of the step whose replies never came (e.g. {@code RELEASE_STOCK})
     * @param retries how often the step resent them
     * @param deadlineAt the step's deadline (ISO-8601 UTC), or {@code null} when parked or final
     * @param updatedAt when the saga last changed (ISO-8601 UTC)
     */
    record AdminSagaView(
            String sagaId,
            String orderId,
            String customerId,
            String state,
            String parkedIn,
            String rejectionReason,
            List<String> awaiting,
            int retries,
            String deadlineAt,
            String updatedAt) {

        static AdminSagaView of(CreateOrderSagas.Stored stored) {
            CreateOrderSaga saga = stored.saga();
            return new AdminSagaView(
                    saga.id().toString(),
                    saga.orderId().toString(),
                    saga.customerId().value(),
                    saga.state().name(),
                    saga.parkedIn().map(Enum::name).orElse(null),
                    saga.rejectionReason().map(Enum::name).orElse(null),
                    saga.awaiting().stream().map(Enum::name).toList(),
                    saga.retries(),
                    saga.deadlineAt().map(DateTimeFormatter.ISO_INSTANT::format).orElse(null),
                    DateTimeFormatter.ISO_INSTANT.format(stored.updatedAt()));
        }
    }
}
