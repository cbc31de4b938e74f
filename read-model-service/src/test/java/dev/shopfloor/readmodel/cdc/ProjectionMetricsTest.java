package dev.shopfloor.readmodel.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionMetricsTest {

    final ProjectionMetrics metrics = new ProjectionMetrics(new SimpleMeterRegistry());

    @Test
    void countsInItsWindowOnlyWhatWasRecordedSinceTheLastReset() {
        metrics.record("orders", 0, 2_000_000, 2_500_000); // a start-up stall: 2.5 s
        metrics.resetWindow();
        metrics.record("orders", 1_000_000, 1_010_000, 1_014_000);
        metrics.record("orders", 2_000_000, 2_012_000, 2_015_000);

        Map<String, Object> orders = orders(metrics.window());

        assertThat(orders)
                .containsEntry("transactions", 2L)
                .containsEntry("debeziumLagMaxMs", 12.0)
                .containsEntry("projectionLagMaxMs", 15.0)
                .containsEntry("projectionTimeMaxMs", 4.0)
                .containsEntry("projectionLagP50Ms", 14.0);
        // Micrometer's own timers still count all three
        assertThat(metrics.summary().get("orders")).containsEntry("transactions", 3L);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> orders(Map<String, Object> window) {
        return (Map<String, Object>) ((Map<String, Object>) window.get("sources")).get("orders");
    }
}
