package dev.shopfloor.saga.config;

import dev.shopfloor.saga.createorder.Deadlines;
import dev.shopfloor.saga.createorder.SagaState;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the saga orchestrator, prefix {@code shopfloor.saga} (ADR 0005).
 *
 * @param stepTimeout how long a saga step may wait for its replies; each step's deadline ({@code deadline_at}) is the
 *     time the step began plus this (DESIGN.md §4: 30 s by default). Must be positive.
 * @param stepTimeouts the timeout of particular steps, by state name (e.g. {@code RESERVING_STOCK: 10s}); the others
 *     use {@code stepTimeout}
 * @param retry how approval and compensation steps resend after their deadline, and when they are parked
 * @param sweeper the scheduled job that finds sagas past their deadline
 * @throws IllegalArgumentException at start-up when a duration is not positive
 */
@Validated
@ConfigurationProperties("shopfloor.saga")
public record SagaProperties(
        @DefaultValue("30s") @NotNull Duration stepTimeout,
        Map<SagaState, Duration> stepTimeouts,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid Sweeper sweeper) {

    public SagaProperties {
        stepTimeouts = stepTimeouts == null ? Map.of() : Map.copyOf(stepTimeouts);
        deadlinesOf(stepTimeout, stepTimeouts, retry);
    }

    /**
     * @param maxRetries resends of a step's unanswered commands before the saga is parked
     * @param backoffMultiplier each resend waits this much longer than the one before (the first waits the step's
     *     timeout times this)
     * @param maxWait the longest wait after a resend
     */
    public record Retry(
            @DefaultValue("5") @Min(0) int maxRetries,
            @DefaultValue("2.0") @DecimalMin("1.0") double backoffMultiplier,
            @DefaultValue("5m") @NotNull Duration maxWait) {}

    /**
     * @param enabled whether this instance looks for sagas past their deadline (any number of instances may; they
     *     skip the sagas another one holds)
     * @param interval the pause between two sweeps
     * @param batchSize the most sagas handled in one sweep (one transaction each)
     * @param overdueGrace how long past its deadline a saga may wait for a sweep before the gauge {@code
     *     shopfloor.saga.overdue} counts it (the sweepers are behind or stuck); by default twice {@code interval}
     */
    public record Sweeper(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1s") @NotNull Duration interval,
            @DefaultValue("100") @Min(1) int batchSize,
            Duration overdueGrace) {

        public Sweeper {
            if (overdueGrace == null && interval != null) {
                overdueGrace = interval.multipliedBy(2);
            }
        }
    }

    /** The deadline rules these settings describe, for the saga. */
    public Deadlines deadlines() {
        return deadlinesOf(stepTimeout, stepTimeouts, retry);
    }

    private static Deadlines deadlinesOf(Duration stepTimeout, Map<SagaState, Duration> stepTimeouts, Retry retry) {
        if (stepTimeout == null || retry == null || retry.maxWait() == null) {
            return Deadlines.DEFAULT;
        }
        try {
            return new Deadlines(
                    stepTimeout, stepTimeouts, retry.maxRetries(), retry.backoffMultiplier(), retry.maxWait());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("shopfloor.saga: " + e.getMessage(), e);
        }
    }
}
