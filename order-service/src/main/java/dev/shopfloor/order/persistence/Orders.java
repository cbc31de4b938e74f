package dev.shopfloor.order.persistence;

import dev.shopfloor.order.domain.Money;
import dev.shopfloor.order.domain.Order;
import dev.shopfloor.order.domain.OrderId;
import dev.shopfloor.order.domain.OrderLine;
import dev.shopfloor.order.domain.OrderStatus;
import dev.shopfloor.order.domain.RejectionReason;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The orders, stored in tables {@code orders} and {@code order_item} of the service's database.
 *
 * <p>Writes join the caller's transaction. {@link #update} is optimistic: it fails with
 * {@link OptimisticLockingFailureException} when someone else stored a change to the order since it was read.
 */
@Repository
public class Orders {

    private final JdbcClient jdbc;

    public Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new order and its lines. */
    public void add(Order order) {
        jdbc.sql("""
                        insert into orders (id, customer_id, status, rejection_reason, total_amount, currency,
                                            created_at, updated_at, version)
                        values (:id, :customerId, :status, :reason, :total, :currency, :createdAt, :updatedAt, :version)
                        """)
                .param("id", order.id().value())
                .param("customerId", order.customerId())
                .param("status", order.status().name())
                .param("reason", order.rejectionReason().map(Enum::name).orElse(null))
                .param("total", order.total().amount())
                .param("currency", order.total().currency().getCurrencyCode())
                .param("createdAt", Timestamp.from(order.createdAt()))
                .param("updatedAt", Timestamp.from(order.updatedAt()))
                .param("version", order.version())
                .update();
        List<OrderLine> lines = order.lines();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            jdbc.sql("""
                            insert into order_item (order_id, line_no, sku, quantity, unit_price, currency)
                            values (:orderId, :lineNo, :sku, :quantity, :unitPrice, :currency)
                            """)
                    .param("orderId", order.id().value())
                    .param("lineNo", i)
                    .param("sku", line.sku())
                    .param("quantity", line.quantity())
                    .param("unitPrice", line.unitPrice().amount())
                    .param("currency", line.unitPrice().currency().getCurrencyCode())
                    .update();
        }
    }

    /** The order with {@code id}, or empty. */
    public Optional<Order> find(OrderId id) {
        List<OrderLine> lines = jdbc.sql("""
                        select sku, quantity, unit_price, currency from order_item
                        where order_id = :id order by line_no
                        """)
                .param("id", id.value())
                .query((rs, n) ->
                        new OrderLine(rs.getString("sku"), rs.getInt("quantity"), money(rs, "unit_price", "currency")))
                .list();
        return jdbc.sql("""
                        select customer_id, status, rejection_reason, created_at, updated_at, version
                        from orders where id = :id
                        """)
                .param("id", id.value())
                .query((rs, n) -> Order.restore(
                        id,
                        rs.getString("customer_id"),
                        lines,
                        OrderStatus.valueOf(rs.getString("status")),
                        reason(rs.getString("rejection_reason")),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant(),
                        rs.getLong("version")))
                .optional();
    }

    /**
     * Stores the status of an order read with {@link #find} and changed since.
     *
     * @throws OptimisticLockingFailureException when the stored order is no longer the version that was read
     */
    public void update(Order order) {
        int updated = jdbc.sql("""
                        update orders set status = :status, rejection_reason = :reason, updated_at = :updatedAt,
                                          version = version + 1
                        where id = :id and version = :version
                        """)
                .param("id", order.id().value())
                .param("status", order.status().name())
                .param("reason", order.rejectionReason().map(Enum::name).orElse(null))
                .param("updatedAt", Timestamp.from(order.updatedAt()))
                .param("version", order.version())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException(
                    "order " + order.id() + " changed since version " + order.version() + " was read");
        }
    }

    private static Money money(ResultSet rs, String amountColumn, String currencyColumn) throws SQLException {
        BigDecimal amount = rs.getBigDecimal(amountColumn);
        return new Money(
                amount, Currency.getInstance(rs.getString(currencyColumn).trim()));
    }

    private static RejectionReason reason(String name) {
        return name == null ? null : RejectionReason.valueOf(name);
    }
}
