package dev.shopfloor.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a wait becomes a {@code Retry-After} value. */
class ProblemHandlersTest {

    @Test
    void sendsRetryAfterInWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(ProblemHandlers.wholeSeconds(Duration.ofSeconds(10))).isEqualTo(10);
        assertThat(ProblemHandlers.wholeSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(ProblemHandlers.wholeSeconds(Duration.ofMillis(10_001))).isEqualTo(11);
        assertThat(ProblemHandlers.wholeSeconds(Duration.ofMillis(200))).isEqualTo(1);
        assertThat(ProblemHandlers.wholeSeconds(Duration.ZERO)).isEqualTo(1);
    }
}
