package dev.shopfloor.saga.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.saga.createorder.Deadlines;
import dev.shopfloor.saga.createorder.SagaState;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SagaPropertiesTest {

    @Test
    void defaultsToThirtySecondStepsAndFiveDoublingResends() {
        Deadlines deadlines = bind(Map.of()).deadlines();

        assertThat(deadlines.timeoutOf(SagaState.RESERVING_STOCK)).isEqualTo(Duration.ofSeconds(30));
        assertThat(deadlines.maxRetries()).isEqualTo(5);
        assertThat(deadlines.retryWait(SagaState.REJECTING_ORDER, 1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(deadlines.maxRetryWait()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void readsATimeoutPerStep() {
        SagaProperties properties = bind(Map.of(
                "shopfloor.saga.step-timeout", "20s",
                "shopfloor.saga.step-timeouts.authorizing-payment", "7s",
                "shopfloor.saga.retry.max-retries", "2"));

        Deadlines deadlines = properties.deadlines();

        assertThat(deadlines.timeoutOf(SagaState.AUTHORIZING_PAYMENT)).isEqualTo(Duration.ofSeconds(7));
        assertThat(deadlines.timeoutOf(SagaState.RESERVING_STOCK)).isEqualTo(Duration.ofSeconds(20));
        assertThat(deadlines.maxRetries()).isEqualTo(2);
    }

    @Test
    void countsASagaOverdueTwoSweeperIntervalsAfterItsDeadlineUnlessToldOtherwise() {
        assertThat(bind(Map.of("shopfloor.saga.sweeper.interval", "3s"))
                        .sweeper()
                        .overdueGrace())
                .isEqualTo(Duration.ofSeconds(6));
        assertThat(bind(Map.of()).sweeper().overdueGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bind(Map.of("shopfloor.saga.sweeper.overdue-grace", "1m"))
                        .sweeper()
                        .overdueGrace())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> bind(Map.of("shopfloor.saga.step-timeouts.reserving-stock", "0s")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("RESERVING_STOCK");
    }

    private static SagaProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("shopfloor.saga", SagaProperties.class);
    }
}
