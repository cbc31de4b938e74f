package dev.shopfloor.messaging.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauge {@value #NAME}: outbox rows committed but not yet acknowledged by Kafka (no {@code published_at}), read from
 * the service's database at each scrape. The count uses the partial index {@code outbox_unpublished}, so it costs in
 * proportion to the backlog, not to the table. NaN when the database cannot answer within a few seconds.
 */
public class OutboxWaiting implements MeterBinder {

    /** Gauge name (Prometheus: {@code shopfloor_outbox_waiting}). */
    public static final String NAME = "shopfloor.outbox.waiting";

    private static final Logger log = LoggerFactory.getLogger(OutboxWaiting.class);

    private final JdbcTemplate jdbc;

    public OutboxWaiting(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(5);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, OutboxWaiting::count)
                .description("Outbox rows committed but not yet acknowledged by Kafka")
                .register(registry);
    }

    double count() {
        try {
            Long count = jdbc.queryForObject("select count(*) from outbox where published_at is null", Long.class);
            return count == null ? Double.NaN : count;
        } catch (RuntimeException e) {
            log.debug("Cannot count waiting outbox rows", e);
            return Double.NaN;
        }
    }
}
