package dev.shopfloor.messaging.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauge {@value #NAME}: outbox rows committed whose Kafka acknowledgement the relay has not recorded (no
 * {@code published_at}), read from the service's database at each scrape. That is the rows not yet published, plus
 * rows published whose marking is still to come: for a retry interval or two when a commit was decoded before the
 * relay could see it, and after a relay restart, the rows it published but had not marked until its slot confirms a
 * position past them (which takes outbox traffic: the slot's position moves with the relay's batches, so on an idle
 * outbox those wait for the next message). A count that keeps growing, or stays up while messages flow, means the
 * relay is not publishing. The
 * count uses the partial index {@code outbox_unpublished}, so it costs in proportion to the backlog, not to the table.
 * NaN when the database cannot answer within a few seconds.
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
                .description("Outbox rows committed whose Kafka acknowledgement the relay has not recorded yet")
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
