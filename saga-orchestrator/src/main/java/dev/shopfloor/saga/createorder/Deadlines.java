package dev.shopfloor.saga.createorder;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long a {@link CreateOrderSaga}'s steps may wait, and how steps that cannot compensate are retried (ADR 0005).
 *
 * <ul>
 *   <li>A step's deadline is the time it began plus its timeout: {@link #timeoutOf} gives the step's own timeout
 *       when one is set, else {@code defaultTimeout}.
 *   <li>{@code RESERVING_STOCK} and {@code AUTHORIZING_PAYMENT} compensate when their deadline passes. The others
 *       (approval and the compensations) resend their unanswered commands instead: the {@code n}-th resend waits
 *       {@link #retryWait(SagaState, int) timeout × multiplier^n}, at most {@code maxRetryWait}; after {@code
 *       maxRetries} resends the saga is parked.
 * </ul>
 *
 * @param defaultTimeout the timeout of a step without its own; positive
 * @param stepTimeouts timeouts of particular steps (states); each positive
 * @param maxRetries how many times a non-compensable step resends before the saga is parked; 0 parks at the first
 *     deadline
 * @param backoffMultiplier how much longer each resend waits than the one before; at least 1
 * @param maxRetryWait the longest wait after a resend; positive
 * @throws IllegalArgumentException when a value is out of range
 */
public record Deadlines(
        Duration defaultTimeout,
        Map<SagaState, Duration> stepTimeouts,
        int maxRetries,
        double backoffMultiplier,
        Duration maxRetryWait) {

    /** The defaults of DESIGN.md §4: 30 s per step, 5 resends, doubling, at most 5 minutes apart. */
    public static final Deadlines DEFAULT =
            new Deadlines(Duration.ofSeconds(30), Map.of(), 5, 2.0, Duration.ofMinutes(5));

    public Deadlines {
        requirePositive(defaultTimeout, "default timeout");
        requirePositive(maxRetryWait, "max retry wait");
        stepTimeouts = stepTimeouts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(stepTimeouts));
        stepTimeouts.forEach((state, timeout) -> requirePositive(timeout, "timeout of " + state));
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must not be negative, was " + maxRetries);
        }
        if (!(backoffMultiplier >= 1.0)) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1, was " + backoffMultiplier);
        }
    }

    /** The defaults, with every step waiting {@code timeout}. */
    public static Deadlines everyStep(Duration timeout) {
        return new Deadlines(timeout, Map.of(), DEFAULT.maxRetries, DEFAULT.backoffMultiplier, DEFAULT.maxRetryWait);
    }

    /** How long {@code step} may wait for its replies before it first times out. */
    public Duration timeoutOf(SagaState step) {
        return stepTimeouts.getOrDefault(step, defaultTimeout);
    }

    /**
     * How long {@code step} waits after its {@code retry}-th resend: {@code timeoutOf(step) × multiplier^retry}, at
     * most {@code maxRetryWait}.
     *
     * @param retry 1 for the first resend
     */
    public Duration retryWait(SagaState step, int retry) {
        double millis = timeoutOf(step).toMillis() * Math.pow(backoffMultiplier, retry);
        return millis >= maxRetryWait.toMillis() ? maxRetryWait : Duration.ofMillis((long) millis);
    }

    private static void requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
    }
}
