package dev.shopfloor.order.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The checks of the inventory-client settings that annotations cannot express. */
class OrderPropertiesTest {

    @Test
    void refusesAMinimumNumberOfCallsAboveTheWindow() {
        assertThatThrownBy(() -> new OrderProperties.CircuitBreaker(5, 6, 50, Duration.ofSeconds(10), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimum-number-of-calls");
        assertThatCode(() -> new OrderProperties.CircuitBreaker(5, 5, 50, Duration.ofSeconds(10), 1))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnEmptyOpenStateWait() {
        assertThatThrownBy(() -> new OrderProperties.CircuitBreaker(5, 5, 50, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wait-in-open-state");
    }

    @Test
    void refusesAnEmptyBackoffOrALimitBelowIt() {
        assertThatThrownBy(() -> new OrderProperties.Retry(3, Duration.ZERO, 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry.backoff");
        assertThatThrownBy(() -> new OrderProperties.Retry(3, Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-backoff");
    }
}
