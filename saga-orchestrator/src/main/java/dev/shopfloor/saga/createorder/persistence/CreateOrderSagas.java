package dev.shopfloor.saga.createorder.persistence;

import dev.shopfloor.saga.createorder.CreateOrderSaga;
import dev.shopfloor.saga.createorder.CustomerId;
import dev.shopfloor.saga.createorder.Money;
import dev.shopfloor.saga.createorder.OrderId;
import dev.shopfloor.saga.createorder.OrderLine;
import dev.shopfloor.saga.createorder.RejectionReason;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * the saga and handles the message again.
 */
@Repository
public class CreateOrderSagas {

    private static final String COLUMNS = """
            saga_id, order_id, customer_id, state, rejection_reason, total_amount, total_currency, items, version,
            deadline_at
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CreateOrderSagas(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

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
                                                   updated_at, deadline_at)
                        values (:sagaId, :orderId, :customerId, :state, :rejectionReason, :amount, :currency,
                                cast(:items as jsonb), 0, :now, :now, :deadlineAt)
                        """)
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
                .update();
    }

    /**
     * Writes the saga's state, rejection reason and deadline, if its stored version is still {@code
     * saga.version()}; the stored version becomes {@code saga.version() + 1}.
     *
     * @throws OptimisticLockingFailureException when another transaction changed the saga since it was read
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void update(CreateOrderSaga saga, Instant now) {
        int updated = jdbc.sql("""
                        update saga_instance
                           set state = :state, rejection_reason = :rejectionReason, deadline_at = :deadlineAt,
                               updated_at = :now, version = version + 1
                         where saga_id = :sagaId and version = :expected
                        """)
                .param("state", saga.state().name())
                .param("rejectionReason", saga.rejectionReason().map(Enum::name).orElse(null))
                .param("deadlineAt", saga.deadlineAt().map(Timestamp::from).orElse(null))
                .param("now", Timestamp.from(now))
                .param("sagaId", saga.id().value())
                .param("expected", saga.version())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException(
                    "saga " + saga.id() + " changed since it was read at version " + saga.version());
        }
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

    private CreateOrderSaga saga(ResultSet rs, int row) throws SQLException {
        String reason = rs.getString("rejection_reason");
        Instant deadline = rs.getObject("deadline_at") == null ? null : instant(rs, "deadline_at");
        List<OrderLine> items = Arrays.stream(json.readValue(rs.getString("items"), ItemRow[].class))
                .map(ItemRow::toLine)
                .toList();
        return CreateOrderSaga.restore(
                new SagaId(rs.getObject("saga_id", UUID.class)),
                new OrderId(rs.getLong("order_id")),
                new CustomerId(rs.getString("customer_id")),
                items,
                new Money(rs.getBigDecimal("total_amount"), Currency.getInstance(rs.getString("total_currency"))),
                SagaState.valueOf(rs.getString("state")),
                reason == null ? null : RejectionReason.valueOf(reason),
                deadline,
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
