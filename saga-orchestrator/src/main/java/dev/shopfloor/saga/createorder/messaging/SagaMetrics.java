package dev.shopfloor.saga.createorder.messaging;

import dev.shopfloor.saga.createorder.Decision;
import dev.shopfloor.saga.createorder.SagaState;
import dev.shopfloor.saga.createorder.persistence.CreateOrderSagas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The orchestrator's saga metrics (Micrometer; Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code shopfloor.saga.parked} {@code [shopfloor_saga_parked]}, tag {@code state}: sagas parked right now in
 *       {@code COMPENSATION_FAILED} or {@code APPROVAL_FAILED}, read from the database at each scrape, so every
 *       instance reports the same number and it survives restarts. Alert on it above 0.
 *   <li>{@code shopfloor.saga.deadlines} {@code [shopfloor_saga_deadlines_total]}, tags {@code step} and {@code
 *       action} ({@code compensated}, {@code resent}, {@code parked}): deadlines this instance handled.
 *   <li>{@code shopfloor.saga.operator.retries} {@code [shopfloor_saga_operator_retries_total]}: parked sagas an
 *       operator retried through this instance.
 * </ul>
 */
@Component
class SagaMetrics {

    private final MeterRegistry registry;
    private final Counter operatorRetries;

    SagaMetrics(MeterRegistry registry, CreateOrderSagas sagas) {
        this.registry = registry;
        Arrays.stream(SagaState.values())
                .filter(SagaState::isParked)
                .forEach(state -> Gauge.builder(
                                "shopfloor.saga.parked",
                                () -> sagas.countByState().getOrDefault(state, 0L))
                        .description("Sagas parked in this state, waiting for an operator")
                        .tag("state", state.name())
                        .register(registry));
        this.operatorRetries = Counter.builder("shopfloor.saga.operator.retries")
                .description("Parked sagas an operator retried")
                .register(registry);
    }

    void deadlinePassed(Decision decision) {
        String action = decision.state().isParked()
                ? "parked"
                : decision.outcome() == Decision.Outcome.MOVED ? "compensated" : "resent";
        Counter.builder("shopfloor.saga.deadlines")
                .description("Saga steps whose deadline passed, by what the saga did about it")
                .tag("step", decision.from().name())
                .tag("action", action.toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    void operatorRetried() {
        operatorRetries.increment();
    }
}
