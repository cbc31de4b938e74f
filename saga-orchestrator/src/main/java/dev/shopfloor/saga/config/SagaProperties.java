package dev.shopfloor.saga.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the saga orchestrator, prefix {@code shopfloor.saga}.
 *
 * @param stepTimeout how long a saga step may wait for its reply; each step's deadline ({@code deadline_at}) is the
 *     time the step began plus this (DESIGN.md §4: 30 s by default). Must be positive.
 */
@Validated
@ConfigurationProperties("shopfloor.saga")
public record SagaProperties(@DefaultValue("30s") @NotNull Duration stepTimeout) {

    public SagaProperties {
        if (stepTimeout != null && (stepTimeout.isZero() || stepTimeout.isNegative())) {
            throw new IllegalArgumentException("shopfloor.saga.step-timeout must be positive, was " + stepTimeout);
        }
    }
}
