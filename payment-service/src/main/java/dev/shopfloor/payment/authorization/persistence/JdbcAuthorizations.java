package dev.shopfloor.payment.authorization.persistence;

import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.payment.account.Money;
import dev.shopfloor.payment.authorization.Authorization;
import dev.shopfloor.payment.authorization.AuthorizationStatus;
import dev.shopfloor.payment.authorization.Authorizations;
import dev.shopfloor.payment.authorization.DeclineReason;
import dev.shopfloor.payment.authorization.OrderId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Currency;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link Authorizations} on the {@code payment_authorization} table. */
@Repository
class JdbcAuthorizations implements Authorizations {

    private static final String SELECT = """
            select order_id, customer_id, amount, currency, status, decline_reason
              from payment_authorization
             where order_id = :orderId
            """;

    private final JdbcClient jdbc;

    JdbcAuthorizations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Authorization> find(OrderId orderId) {
        return jdbc.sql(SELECT)
                .param("orderId", orderId.value())
                .query(JdbcAuthorizations::map)
                .optional();
    }

    @Override
    public Optional<Authorization> lock(OrderId orderId) {
        return jdbc.sql(SELECT + " for update")
                .param("orderId", orderId.value())
                .query(JdbcAuthorizations::map)
                .optional();
    }

    @Override
    public void add(Authorization authorization) {
        int inserted = jdbc.sql("""
                        insert into payment_authorization
                               (order_id, customer_id, amount, currency, status, decline_reason)
                        values (:orderId, :customerId, :amount, :currency, :status, :reason)
                        on conflict (order_id) do nothing
                        """)
                .param("orderId", authorization.orderId().value())
                .param("customerId", authorization.customerId().value())
                .param("amount", authorization.amount().amount())
                .param("currency", authorization.amount().currency().getCurrencyCode())
                .param("status", authorization.status().name())
                .param("reason", authorization.declineReason().map(Enum::name).orElse(null))
                .update();
        if (inserted != 1) {
            throw new IllegalStateException("order " + authorization.orderId() + " already has an authorization");
        }
    }

    @Override
    public void update(Authorization authorization) {
        int updated = jdbc.sql("""
                        update payment_authorization set status = :status, updated_at = now()
                         where order_id = :orderId
                        """)
                .param("orderId", authorization.orderId().value())
                .param("status", authorization.status().name())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("order " + authorization.orderId() + " has no authorization");
        }
    }

    private static Authorization map(ResultSet rs, int row) throws SQLException {
        String reason = rs.getString("decline_reason");
        return Authorization.restore(
                new OrderId(rs.getLong("order_id")),
                new CustomerId(rs.getString("customer_id")),
                new Money(rs.getBigDecimal("amount"), Currency.getInstance(rs.getString("currency"))),
                AuthorizationStatus.valueOf(rs.getString("status")),
                reason == null ? null : DeclineReason.valueOf(reason));
    }
}
