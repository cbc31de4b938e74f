package dev.shopfloor.payment.account.persistence;

import dev.shopfloor.payment.account.Account;
import dev.shopfloor.payment.account.Accounts;
import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.payment.account.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Currency;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link Accounts} on the {@code account} table. */
@Repository
class JdbcAccounts implements Accounts {

    private static final String SELECT =
            "select customer_id, currency, credit_limit, reserved, used from account where customer_id = :id";

    private final JdbcClient jdbc;

    JdbcAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Account> find(CustomerId customerId) {
        return jdbc.sql(SELECT)
                .param("id", customerId.value())
                .query(JdbcAccounts::map)
                .optional();
    }

    @Override
    public Optional<Account> lock(CustomerId customerId) {
        return jdbc.sql(SELECT + " for update")
                .param("id", customerId.value())
                .query(JdbcAccounts::map)
                .optional();
    }

    @Override
    public boolean add(Account account) {
        return jdbc.sql("""
                        insert into account (customer_id, currency, credit_limit, reserved, used)
                        values (:id, :currency, :limit, :reserved, :used)
                        on conflict (customer_id) do nothing
                        """)
                        .param("id", account.customerId().value())
                        .param("currency", account.currency().getCurrencyCode())
                        .param("limit", account.creditLimit().amount())
                        .param("reserved", account.reserved().amount())
                        .param("used", account.used().amount())
                        .update()
                == 1;
    }

    @Override
    public void update(Account account) {
        int updated = jdbc.sql("""
                        update account
                           set credit_limit = :limit, reserved = :reserved, used = :used, updated_at = now()
                         where customer_id = :id
                        """)
                .param("id", account.customerId().value())
                .param("limit", account.creditLimit().amount())
                .param("reserved", account.reserved().amount())
                .param("used", account.used().amount())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("account " + account.customerId() + " does not exist");
        }
    }

    private static Account map(ResultSet rs, int row) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return Account.restore(
                new CustomerId(rs.getString("customer_id")),
                new Money(rs.getBigDecimal("credit_limit"), currency),
                new Money(rs.getBigDecimal("reserved"), currency),
                new Money(rs.getBigDecimal("used"), currency));
    }
}
