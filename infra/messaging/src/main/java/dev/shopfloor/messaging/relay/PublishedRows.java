package dev.shopfloor.messaging.relay;

import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sets {@code published_at} of the outbox rows whose records Kafka acknowledged, which is what the gauge
 * {@code shopfloor.outbox.waiting} reads. Never throws: this bookkeeping must not stop or slow the relay.
 *
 * <p><b>Rows not visible yet.</b> Logical decoding hands the relay a transaction once its commit record is flushed to
 * the WAL; the committing session makes it visible to other sessions' snapshots only a moment later. A relay as fast
 * as Kafka's acknowledgement can run its update in between, and the update does not see the row. So ids the update
 * does not find stay <i>pending</i> (at most {@value #MAX_PENDING}) and are tried again with the next batch and at each
 * {@link #retry()} (the relay's timer), until marked; after {@code attempts} timer tries that found no row, the row is
 * taken to be deleted and dropped. A failed statement (database unreachable) keeps its ids pending and counts no try.
 * Ids dropped for any reason are left to a sweep.
 *
 * <p><b>After a restart.</b> The pending ids live in memory: a relay that stops before marking them leaves rows that
 * Kafka acknowledged, and Debezium will not send again, without {@code published_at}. {@link #afterRestart()}
 * arranges a sweep that needs no memory of them: it notes the unmarked rows (the {@value #MAX_PENDING} oldest) and the
 * WAL insert position W, in one statement. Every row it saw was committed before W. Once the relay's slot has
 * confirmed a position at or past W ({@code confirmed_flush_lsn}, advanced by Debezium only after the relay
 * acknowledged the batch), no transaction before W will be decoded for the relay again: each noted row has been
 * published, in this run or an earlier one, and the sweep marks those still unmarked. Rows committed after W are left
 * to the relay. The slot's position moves with the relay's batches (not while the outbox is idle), so the sweep ends
 * with the first batch after W. It runs again whenever ids had to be dropped from the pending set, or it noted as many
 * rows as it may, so that every row the relay acknowledged is marked in the end. It trusts the slot: a slot dropped and
 * created anew skips the rows committed in between, and the sweep counts those as published too.
 */
final class PublishedRows {

    /** Most ids kept pending, and most unmarked rows one sweep notes. */
    static final int MAX_PENDING = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PublishedRows.class);

    private final JdbcClient jdbc;
    private final String slot;
    private final int attempts;
    /** Acknowledged ids not found yet, oldest first, with the number of tries that did not find them. */
    private final LinkedHashMap<UUID, Integer> pending = new LinkedHashMap<>();

    private boolean sweepWanted;
    private Sweep sweep;

    /**
     * @param jdbc the service's database, whose {@code outbox} table the relay publishes
     * @param slot the relay's replication slot, whose confirmed position the sweep waits for
     * @param attempts timer tries that found no row before a pending id is dropped, at least 1
     */
    PublishedRows(JdbcClient jdbc, String slot, int attempts) {
        this.jdbc = jdbc;
        this.slot = slot;
        this.attempts = Math.max(1, attempts);
    }

    /** Marks the rows of an acknowledged batch, and those still pending; ids not found stay pending. */
    synchronized void acknowledged(Collection<UUID> ids) {
        if (ids.isEmpty() && pending.isEmpty()) {
            return;
        }
        for (UUID id : ids) {
            pending.putIfAbsent(id, 0);
        }
        markPending(false);
    }

    /** Tries the pending ids again, then takes the sweep a step on; for the relay's timer. */
    synchronized void retry() {
        if (!pending.isEmpty()) {
            markPending(true);
        }
        stepSweep();
    }

    /** Arranges a sweep of the rows the relay may have acknowledged before it (re)started: see the class comment. */
    synchronized void afterRestart() {
        sweepWanted = true;
    }

    /** The ids acknowledged but not yet found, oldest first. */
    synchronized Set<UUID> pending() {
        return Set.copyOf(pending.keySet());
    }

    /** @param counted whether a miss counts as a try: on the timer, yes; with a batch (at Kafka's pace), no */
    private void markPending(boolean counted) {
        List<UUID> ids = List.copyOf(pending.keySet());
        Set<UUID> settled;
        try {
            settled = settle(ids);
        } catch (RuntimeException e) {
            log.warn("Could not mark {} published outbox rows; will try again", ids.size(), e);
            dropOverflow();
            return;
        }
        int dropped = 0;
        for (Iterator<Map.Entry<UUID, Integer>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UUID, Integer> entry = it.next();
            if (settled.contains(entry.getKey())) {
                it.remove();
            } else if (counted && entry.getValue() + 1 >= attempts) {
                it.remove();
                dropped++;
            } else if (counted) {
                entry.setValue(entry.getValue() + 1);
            }
        }
        if (dropped > 0) {
            sweepWanted = true;
        }
        if (!pending.isEmpty() || dropped > 0) {
            log.debug(
                    "{} acknowledged outbox rows not visible yet, kept pending; {} not found in {} tries, dropped",
                    pending.size(),
                    dropped,
                    attempts);
        }
        dropOverflow();
    }

    /**
     * Marks the rows of {@code ids} that have no {@code published_at} and returns the ids of every row found, marked
     * now or before (a record published again after a restart). Both parts of the statement read one snapshot, so a
     * row marked by it is not also read as marked before.
     */
    private Set<UUID> settle(List<UUID> ids) {
        return new HashSet<>(
                jdbc.sql("""
                        with marked as (
                            update outbox set published_at = now()
                            where id = any(cast(:ids as uuid[])) and published_at is null
                            returning id)
                        select id from marked
                        union all
                        select id from outbox where id = any(cast(:ids as uuid[])) and published_at is not null
                        """).param("ids", uuidArray(ids)).query(UUID.class).list());
    }

    private void dropOverflow() {
        if (pending.size() <= MAX_PENDING) {
            return;
        }
        Iterator<UUID> oldest = pending.keySet().iterator();
        int dropped = 0;
        while (pending.size() > MAX_PENDING) {
            oldest.next();
            oldest.remove();
            dropped++;
        }
        log.debug("Dropped {} pending outbox ids over {}; a sweep will mark their rows", dropped, MAX_PENDING);
        sweepWanted = true;
    }

    private void stepSweep() {
        try {
            if (sweep == null && sweepWanted) {
                sweep = noteUnmarked();
                sweepWanted = sweep != null && sweep.ids().size() >= MAX_PENDING;
            }
            if (sweep != null && slotConfirmed(sweep.position())) {
                int marked = jdbc.sql("""
                                update outbox set published_at = now()
                                where id = any(cast(:ids as uuid[])) and published_at is null
                                """).param("ids", uuidArray(sweep.ids())).update();
                if (marked > 0) {
                    log.info(
                            "Marked {} outbox rows published that the relay had acknowledged but not marked"
                                    + " (slot {} confirmed {})",
                            marked,
                            slot,
                            sweep.position());
                }
                sweep = null;
            }
        } catch (RuntimeException e) {
            log.debug("Outbox sweep could not run; will try again", e);
        }
    }

    /** The oldest unmarked rows and a WAL position after their commits, read in one statement; null when none. */
    private Sweep noteUnmarked() {
        List<Map<String, Object>> rows =
                jdbc.sql("""
                        select id, pg_current_wal_insert_lsn()::text as position
                        from outbox where published_at is null
                        order by occurred_at
                        limit :limit
                        """).param("limit", MAX_PENDING).query().listOfRows();
        if (rows.isEmpty()) {
            return null;
        }
        List<UUID> ids = rows.stream().map(row -> (UUID) row.get("id")).toList();
        return new Sweep((String) rows.getFirst().get("position"), ids);
    }

    private boolean slotConfirmed(String position) {
        return jdbc.sql("""
                        select coalesce(confirmed_flush_lsn >= cast(:position as pg_lsn), false)
                        from pg_replication_slots where slot_name = :slot
                        """)
                .param("position", position)
                .param("slot", slot)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** A Postgres array literal, {@code {id,id}}: one parameter, however many ids. */
    private static String uuidArray(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
    }

    /** Unmarked rows noted at WAL insert position {@code position} (text, e.g. {@code 0/1A2B3C8}). */
    private record Sweep(String position, List<UUID> ids) {}
}
