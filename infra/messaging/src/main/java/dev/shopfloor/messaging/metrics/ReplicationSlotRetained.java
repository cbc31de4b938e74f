package dev.shopfloor.messaging.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.math.BigDecimal;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauge {@value #NAME}, base unit bytes, tag {@code slot}: the write-ahead log a replication slot holds back on its
 * server, {@code pg_current_wal_lsn() - restart_lsn}. A slot whose reader stopped keeps all WAL from its position on,
 * until the disk is full; this gauge is what an alert watches.
 *
 * <p>Read from {@code pg_replication_slots} of the database {@code dataSource} points at, at each scrape. NaN when the
 * slot does not exist (yet), has no position, or the server cannot answer within a few seconds (also on a standby,
 * where {@code pg_current_wal_lsn()} is not available). Usable for any slot: the outbox relay's, or a CDC reader's on
 * another database.
 */
public class ReplicationSlotRetained implements MeterBinder {

    /** Gauge name (Prometheus: {@code shopfloor_replication_slot_retained_bytes}). */
    public static final String NAME = "shopfloor.replication.slot.retained";

    private static final Logger log = LoggerFactory.getLogger(ReplicationSlotRetained.class);

    private final JdbcTemplate jdbc;
    private final String slot;

    /**
     * @param dataSource a connection to the database the slot belongs to; any login may read the slot view
     * @param slot the slot name, e.g. {@code outbox_orders}
     */
    public ReplicationSlotRetained(DataSource dataSource, String slot) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(5);
        this.slot = slot;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, ReplicationSlotRetained::retainedBytes)
                .description("Write-ahead log a replication slot holds back: current WAL position minus restart_lsn")
                .baseUnit(BaseUnits.BYTES)
                .tag("slot", slot)
                .register(registry);
    }

    double retainedBytes() {
        try {
            BigDecimal bytes = jdbc.queryForObject(
                    "select pg_current_wal_lsn() - restart_lsn from pg_replication_slots where slot_name = ?",
                    BigDecimal.class,
                    slot);
            return bytes == null ? Double.NaN : bytes.doubleValue();
        } catch (EmptyResultDataAccessException e) {
            return Double.NaN;
        } catch (RuntimeException e) {
            log.debug("Cannot read the WAL retained by slot {}", slot, e);
            return Double.NaN;
        }
    }
}
