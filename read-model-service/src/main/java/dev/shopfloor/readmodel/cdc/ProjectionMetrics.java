package dev.shopfloor.readmodel.cdc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Lag of the read model, per source, as Micrometer timers (histograms with p50 and p99):
 *
 * <ul>
 *   <li>{@code readmodel.projection.lag}: from the commit of a transaction at the source to the commit of its effect on
 *       the order views (what a reader of the read model waits for);
 *   <li>{@code readmodel.cdc.delivery.lag}: from the same source commit to the moment Debezium handed the transaction
 *       to the projection (Debezium's own share of it).
 * </ul>
 *
 * Both use the source's commit time ({@code source.ts_us}) and this machine's clock; on one machine (the local run)
 * they share the clock.
 */
@Component
public class ProjectionMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

    public ProjectionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String source, long sourceCommitMicros, long deliveredMicros, long projectedMicros) {
        Timer[] pair = timers.computeIfAbsent(source, this::register);
        pair[0].record(Math.max(0, projectedMicros - sourceCommitMicros), TimeUnit.MICROSECONDS);
        pair[1].record(Math.max(0, deliveredMicros - sourceCommitMicros), TimeUnit.MICROSECONDS);
    }

    /** p50, p99 and count of both lags per source, in milliseconds, over the last minutes. */
    public Map<String, Map<String, Object>> summary() {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        timers.forEach((source, pair) -> {
            Map<String, Object> lag = new LinkedHashMap<>();
            lag.put("transactions", pair[0].count());
            lag.put("projectionLagP50Ms", percentile(pair[0], 0.5));
            lag.put("projectionLagP99Ms", percentile(pair[0], 0.99));
            lag.put("debeziumLagP50Ms", percentile(pair[1], 0.5));
            lag.put("debeziumLagP99Ms", percentile(pair[1], 0.99));
            result.put(source, lag);
        });
        return result;
    }

    private Timer[] register(String source) {
        return new Timer[] {
            timer("readmodel.projection.lag", source, "source commit to order view committed"),
            timer("readmodel.cdc.delivery.lag", source, "source commit to Debezium callback")
        };
    }

    private Timer timer(String name, String source, String description) {
        return Timer.builder(name)
                .description(description)
                .tag("source", source)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    private static double percentile(Timer timer, double p) {
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            if (value.percentile() == p) {
                return Math.round(value.value(TimeUnit.MILLISECONDS) * 10) / 10.0;
            }
        }
        return Double.NaN;
    }
}
