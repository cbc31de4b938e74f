package dev.shopfloor.saga.createorder.persistence;

import dev.shopfloor.messaging.outbox.TraceparentSource;
import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.CustomerId;
import dev.shopfloor.saga.createorder.Money;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.RejectionReason;
import dev.shopfloor.saga.createorder.SagaCommand;
import dev.shopfloor.saga.createorder.SagaId;
import dev.shopfloor.saga.createorder.SagaState;
import dev.shopfloor.saga.createorder.SagaStep;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Currency;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The saga instances and their step logs, in tables {@code saga_instance} and {@code saga_step} of the {@code sagas}
 * database. Writes join the caller's transaction, so a saga, its step log and its outbox commands commit together.
 *
 * <p>Optimistic concurrency: {@link #update} writes only if the stored version is still the one the saga was read
 * with, and throws {@link OptimisticLockingFailureException} otherwise; the Kafka consumer's retry then re-reads
 * the saga and handles the message again. The deadline sweeper and the operator's retry lock the row instead
 * ({@link #lockNextDue}, {@link #lock}), so they never wait for each other and never handle one saga twice.
 */
@Repository
public class CreateOrderSagas {

    private static final String COLUMNS = """
            saga_id, order_id, customer_id, state, rejection_reason, total_amount, total_currency, items, version,
            deadline_at, array_to_string(awaiting, ',') as awaiting_list, retries, parked_in, updated_at
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TraceparentSource traces;

    CreateOrderSagas(JdbcClient jdbc, JsonMapper json, ObjectProvider<TraceparentSource> traces) {
        this.jdbc = jdbc;
        this.json = json;
        this.traces = traces.getIfAvailable(() -> TraceparentSource.NONE);
    }

    /**
     * A saga and when it was last written, for the operator's list.
     *
     * @param updatedAt when the saga row was last written (UTC)
     */
    public record Stored(CreateOrderSaga saga, Instant updatedAt) {}

    /**
     * When a saga began and when it entered the state it was in, as stored before a write; for the saga's metrics.
     *
     * @param createdAt when the saga was created (UTC)
     * @param stepStartedAt when the saga entered the state it was in before the write (UTC)
     */
    public record Timeline(Instant createdAt, Instant stepStartedAt) {}

    /** The saga with this id, if any. */
    public Optional<CreateOrderSaga> find(SagaId id) {
        return jdbc.sql("select " + COLUMNS + " from saga_instance where saga_id = :id")
                .param("id", id.value())
                .query(this::saga)
                .optional();
    }

    /** The saga of this order, if any (there is at most one). */
    public Optional<CreateOrderSaga> findByOrder(OrderId orderId) {
        return jdbc.sql("select " + COLUMNS + " from saga_instance where order_id = :orderId")
                .param("orderId", orderId.value())
                .query(this::saga)
                .optional();
    }

    /**
     * Locks the saga's row until the current transaction ends and reads it.
     *
     * @return empty when no saga has this id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<CreateOrderSaga> lock(SagaId id) {
        return jdbc.sql("select " + COLUMNS + " from saga_instance where saga_id = :id for update")
                .param("id", id.value())
                .query(this::saga)
                .optional();
    }

    /**
     * Locks and reads the saga whose deadline passed longest ago (at or before {@code now}), skipping sagas another
     * transaction holds: several orchestrator instances sweep at once without handling one saga twice.
     *
     * @return empty when no unlocked saga is past its deadline
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<CreateOrderSaga> lockNextDue(Instant now) {
        return jdbc.sql("select " + COLUMNS + """
                         from saga_instance
                        where deadline_at <= :now
                        order by deadline_at
                        limit 1
                          for update skip locked
                        """)
                .param("now", Timestamp.from(now))
                .query(this::saga)
                .optional();
    }

    /** Sagas in {@code state}, the longest unchanged first. */
    public List<Stored> findByState(SagaState state, int offset, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from saga_instance
                        where state = :state
                        order by updated_at, saga_id
                        offset :offset limit :limit
                        """)
                .param("state", state.name())
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, n) -> new Stored(saga(rs, n), instant(rs, "updated_at")))
                .list();
    }

    /** How many sagas are in each state; states without sagas are absent. */
    public Map<SagaState, Long> countByState() {
        Map<SagaState, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select state, count(*) as n from saga_instance group by state")
                .query(rs -> {
                    counts.put(SagaState.valueOf(rs.getString("state")), rs.getLong("n"));
                });
        return counts;
    }

    /**
     * Stores a new saga with version 0.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the order already has a saga (a concurrent
     *     {@code OrderCreated}); the retry then finds it
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void insert(CreateOrderSaga saga, Instant now) {
        jdbc.sql("""
                        insert into saga_instance (saga_id, order_id, customer_id, state, rejection_reason,
                                                   total_amount, total_currency, items, version, created_at,
                                                   updated_at, step_started_at, deadline_at, awaiting, retries,
                                                   parked_in, traceparent)
                        values (:sagaId, :orderId, :customerId, :state, :rejectionReason, :amount, :currency,
                                cast(:items as jsonb), 0, :now, :now, :now, :deadlineAt, string_to_array(:awaiting, ','),
                                :retries, :parkedIn, :traceparent)
                        """)
                .param("traceparent", traces.current())
                .param("sagaId", saga.id().value())
                .param("orderId", saga.orderId().value())
                .param("customerId", saga.customerId().value())
                .param("state", saga.state().name())
                .param("rejectionReason", saga.rejectionReason().map(Enum::name).orElse(null))
                .param("amount", saga.total().amount())
                .param("currency", saga.total().currency().getCurrencyCode())
                .param(
                        "items",
                        json.writeValueAsString(
                                saga.items().stream().map(ItemRow::of).toList()))
                .param("now", Timestamp.from(now))
                .param("deadlineAt", saga.deadlineAt().map(Timestamp::from).orElse(null))
                .param("awaiting", awaitingList(saga))
                .param("retries", saga.retries())
                .param("parkedIn", saga.parkedIn().map(Enum::name).orElse(null))
                .update();
    }

    /**
     * Writes the saga's state, rejection reason, deadline, awaited commands, retries and parking, if its stored
     * version is still {@code saga.version()}; the stored version becomes {@code saga.version() + 1}. When the state
     * changes, {@code now} becomes the time the saga entered it.
     *
     * @return the saga's creation time, and when it entered the state it had before this write
     * @throws OptimisticLockingFailureException when another transaction changed the saga since it was read
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Timeline update(CreateOrderSaga saga, Instant now) {
        // The CTE reads the row as it was before the update (one snapshot for the whole statement); the version check
        // makes sure it is the same row version the update replaces.
        Optional<Timeline> before = jdbc.sql("""
                        with before as (
                            select saga_id, created_at, step_started_at from saga_instance where saga_id = :sagaId
                        )
                        update saga_instance s
                           set state = :state, rejection_reason = :rejectionReason, deadline_at = :deadlineAt,
                               awaiting = string_to_array(:awaiting, ','), retries = :retries, parked_in = :parkedIn,
                               step_started_at = case when s.state = :state then s.step_started_at else :now end,
                               updated_at = :now, version = s.version + 1
                          from before
                         where s.saga_id = before.saga_id and s.version = :expected
                     returning before.created_at, before.step_started_at
                        """)
                .param("state", saga.state().name())
                .param("rejectionReason", saga.rejectionReason().map(Enum::name).orElse(null))
                .param("deadlineAt", saga.deadlineAt().map(Timestamp::from).orElse(null))
                .param("awaiting", awaitingList(saga))
                .param("retries", saga.retries())
                .param("parkedIn", saga.parkedIn().map(Enum::name).orElse(null))
                .param("now", Timestamp.from(now))
                .param("sagaId", saga.id().value())
                .param("expected", saga.version())
                .query((rs, n) -> new Timeline(instant(rs, "created_at"), instant(rs, "step_started_at")))
                .optional();
        return before.orElseThrow(() -> new OptimisticLockingFailureException(
                "saga " + saga.id() + " changed since it was read at version " + saga.version()));
    }

    /**
     * How many sagas have a deadline before {@code before}: sagas that wait in a step whose deadline passed and that
     * no sweep has handled yet.
     */
    /**
     * The W3C {@code traceparent} of the work that started the saga (stored by {@link #insert}), for work the saga
     * does later on its own, such as a passed deadline, to continue the order's trace.
     *
     * @return empty when the saga was started without a span, or does not exist
     */
    public Optional<String> traceparent(SagaId id) {
        return jdbc
                .sql("select traceparent from saga_instance where saga_id = :sagaId")
                .param("sagaId", id.value())
                .query(String.class)
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    public long countOverdue(Instant before) {
        return jdbc.sql("select count(*) from saga_instance where deadline_at < :before")
                .param("before", Timestamp.from(before))
                .query(Long.class)
                .single();
    }

    /**
     * Appends lines to a saga's step log, after the ones already there. Call it after {@link #insert} or
     * {@link #update} in the same transaction: the saga row's lock keeps the sequence free of gaps and clashes.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void log(SagaId id, List<SagaStep> steps) {
        int last = jdbc.sql("select coalesce(max(seq), 0) from saga_step where saga_id = :id")
                .param("id", id.value())
                .query(Integer.class)
                .single();
        for (SagaStep step : steps) {
            last++;
            jdbc.sql("""
                            insert into saga_step (saga_id, seq, step, direction, message_type, at)
                            values (:id, :seq, :step, :direction, :type, :at)
                            """)
                    .param("id", id.value())
                    .param("seq", last)
                    .param("step", step.step().name())
                    .param("direction", step.direction().name())
                    .param("type", step.messageType())
                    .param("at", Timestamp.from(step.at()))
                    .update();
        }
    }

    /** A saga's step log, oldest first. */
    public List<SagaStep> steps(SagaId id) {
        return jdbc.sql("select step, direction, message_type, at from saga_step where saga_id = :id order by seq")
                .param("id", id.value())
                .query((rs, n) -> new SagaStep(
                        SagaState.valueOf(rs.getString("step")),
                        SagaStep.Direction.valueOf(rs.getString("direction")),
                        rs.getString("message_type"),
                        instant(rs, "at")))
                .list();
    }

    // string_to_array('', ',') is the empty array, so no awaited command is stored as '{}'.
    private static String awaitingList(CreateOrderSaga saga) {
        return saga.awaiting().stream().map(Enum::name).collect(Collectors.joining(","));
    }

    private CreateOrderSaga saga(ResultSet rs, int row) throws SQLException {
        String reason = rs.getString("rejection_reason");
        Instant deadline = rs.getObject("deadline_at") == null ? null : instant(rs, "deadline_at");
        List<OrderLine> items = Arrays.stream(json.readValue(rs.getString("items"), ItemRow[].class))
                .map(ItemRow::toLine)
                .toList();
        Set<SagaCommand.Kind> awaiting = EnumSet.noneOf(SagaCommand.Kind.class);
        String awaitingList = rs.getString("awaiting_list");
        if (awaitingList != null && !awaitingList.isEmpty()) {
            for (String kind : awaitingList.split(",")) {
                awaiting.add(SagaCommand.Kind.valueOf(kind));
            }
        }
        String parkedIn = rs.getString("parked_in");
        return CreateOrderSaga.restore(
                new SagaId(rs.getObject("saga_id", UUID.class)),
                new OrderId(rs.getLong("order_id")),
                new CustomerId(rs.getString("customer_id")),
                items,
                new Money(rs.getBigDecimal("total_amount"), Currency.getInstance(rs.getString("total_currency"))),
                SagaState.valueOf(rs.getString("state")),
                reason == null ? null : RejectionReason.valueOf(reason),
                deadline,
                awaiting,
                rs.getInt("retries"),
                parkedIn == null ? null : SagaState.valueOf(parkedIn),
                rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** An order line as stored in the {@code items} column. */
    record ItemRow(String sku, int quantity) {

        static ItemRow of(OrderLine line) {
            return new ItemRow(line.sku(), line.quantity());
        }

        OrderLine toLine() {
            return new OrderLine(sku, quantity);
        }
    }
}
