package dev.shopfloor.saga.createorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    @Test
    void givesEveryStepThirtySecondsByDefault() {
        assertThat(Deadlines.DEFAULT.timeoutOf(SagaState.RESERVING_STOCK)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Deadlines.DEFAULT.timeoutOf(SagaState.REJECTING_ORDER)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void letsAStepHaveItsOwnTimeout() {
        Deadlines deadlines = new Deadlines(
                Duration.ofSeconds(30),
                Map.of(SagaState.AUTHORIZING_PAYMENT, Duration.ofSeconds(8)),
                5,
                2.0,
                Duration.ofMinutes(5));

        assertThat(deadlines.timeoutOf(SagaState.AUTHORIZING_PAYMENT)).isEqualTo(Duration.ofSeconds(8));
        assertThat(deadlines.timeoutOf(SagaState.RESERVING_STOCK)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void doublesTheWaitAfterEachResendUpToTheLongestWait() {
        Deadlines deadlines = Deadlines.everyStep(Duration.ofSeconds(30));

        assertThat(deadlines.retryWait(SagaState.RELEASING_STOCK, 1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(deadlines.retryWait(SagaState.RELEASING_STOCK, 2)).isEqualTo(Duration.ofSeconds(120));
        assertThat(deadlines.retryWait(SagaState.RELEASING_STOCK, 3)).isEqualTo(Duration.ofSeconds(240));
        assertThat(deadlines.retryWait(SagaState.RELEASING_STOCK, 4)).isEqualTo(Duration.ofMinutes(5));
        assertThat(deadlines.retryWait(SagaState.RELEASING_STOCK, 60)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesTimeoutsThatAreNotPositive() {
        assertThatThrownBy(() -> Deadlines.everyStep(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new Deadlines(
                        Duration.ofSeconds(30),
                        Map.of(SagaState.RESERVING_STOCK, Duration.ofSeconds(-1)),
                        5,
                        2.0,
                        Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RESERVING_STOCK");
    }

    @Test
    void refusesNegativeRetriesAndAShrinkingBackoff() {
        assertThatThrownBy(() -> new Deadlines(Duration.ofSeconds(1), Map.of(), -1, 2.0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Deadlines(Duration.ofSeconds(1), Map.of(), 1, 0.5, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
