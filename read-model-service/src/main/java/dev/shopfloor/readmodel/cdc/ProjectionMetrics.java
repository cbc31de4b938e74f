package dev.shopfloor.readmodel.cdc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
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
 * they share the clock. Their percentiles are Micrometer's client-side ones, over a decaying window of about two
 * minutes that cannot be reset.
 *
 * <p>For measurements with a defined start (a benchmark that warms up first), it also keeps both lags, and the
 * projection's own time (Debezium callback to view committed), per source in HdrHistograms (microseconds, three
 * significant digits) since the last {@link #resetWindow()}: {@link #window()}.
 */
@Component
public class ProjectionMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile Instant windowStart = Instant.now();

    public ProjectionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String source, long sourceCommitMicros, long deliveredMicros, long projectedMicros) {
        Timer[] pair = timers.computeIfAbsent(source, this::register);
        pair[0].record(Math.max(0, projectedMicros - sourceCommitMicros), TimeUnit.MICROSECONDS);
        pair[1].record(Math.max(0, deliveredMicros - sourceCommitMicros), TimeUnit.MICROSECONDS);
        windows.computeIfAbsent(source, s -> new Window())
                .record(
                        Math.max(0, projectedMicros - sourceCommitMicros),
                        Math.max(0, deliveredMicros - sourceCommitMicros),
                        Math.max(0, projectedMicros - deliveredMicros));
    }

    /** Starts a new measurement window: {@link #window()} counts only what is recorded from now on. */
    public Instant resetWindow() {
        Instant start = Instant.now();
        windowStart = start;
        windows.values().forEach(Window::reset);
        return start;
    }

    /**
     * Per source, since the last {@link #resetWindow()} (or the start): transactions, p50/p99/max of the projection
     * lag, the Debezium lag and the projection's own time (callback to view committed), in milliseconds.
     */
    public Map<String, Object> window() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("since", windowStart.toString());
        Map<String, Object> sources = new LinkedHashMap<>();
        windows.forEach((source, window) -> sources.put(source, window.summary()));
        result.put("sources", sources);
        return result;
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

    /** Exact (three significant digits) histograms of one source's lags since the last reset. */
    private static final class Window {

        private final Histogram projection = new Histogram(3);
        private final Histogram delivery = new Histogram(3);
        private final Histogram ownTime = new Histogram(3);

        synchronized void record(long projectionMicros, long deliveryMicros, long ownMicros) {
            projection.recordValue(projectionMicros);
            delivery.recordValue(deliveryMicros);
            ownTime.recordValue(ownMicros);
        }

        synchronized void reset() {
            projection.reset();
            delivery.reset();
            ownTime.reset();
        }

        synchronized Map<String, Object> summary() {
            Map<String, Object> lag = new LinkedHashMap<>();
            lag.put("transactions", projection.getTotalCount());
            describe(lag, "projectionLag", projection);
            describe(lag, "debeziumLag", delivery);
            describe(lag, "projectionTime", ownTime);
            return lag;
        }

        private static void describe(Map<String, Object> into, String name, Histogram histogram) {
            boolean empty = histogram.getTotalCount() == 0;
            into.put(name + "P50Ms", empty ? Double.NaN : millis(histogram.getValueAtPercentile(50)));
            into.put(name + "P99Ms", empty ? Double.NaN : millis(histogram.getValueAtPercentile(99)));
            into.put(name + "MaxMs", empty ? Double.NaN : millis(histogram.getMaxValue()));
        }

        private static double millis(long micros) {
            return Math.round(micros / 100.0) / 10.0;
        }
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
