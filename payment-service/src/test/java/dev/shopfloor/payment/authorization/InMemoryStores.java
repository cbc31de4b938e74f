package dev.shopfloor.payment.authorization;

import dev.shopfloor.payment.account.Account;
import dev.shopfloor.payment.account.Accounts;
import dev.shopfloor.payment.account.CustomerId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory {@link Accounts} and {@link Authorizations} for tests of the application service. They hand out copies,
 * as the database does: a change is stored only by {@code update}.
 */
final class InMemoryStores {

    private InMemoryStores() {}

    static final class InMemoryAccounts implements Accounts {

        private final Map<CustomerId, Account> rows = new HashMap<>();

        @Override
        public Optional<Account> find(CustomerId customerId) {
            return Optional.ofNullable(rows.get(customerId)).map(InMemoryAccounts::copy);
        }

        @Override
        public Optional<Account> lock(CustomerId customerId) {
            return find(customerId);
        }

        @Override
        public boolean add(Account account) {
            return rows.putIfAbsent(account.customerId(), copy(account)) == null;
        }

        @Override
        public void update(Account account) {
            if (rows.replace(account.customerId(), copy(account)) == null) {
                throw new IllegalStateException("no account " + account.customerId());
            }
        }

        private static Account copy(Account a) {
            return Account.restore(a.customerId(), a.creditLimit(), a.reserved(), a.used());
        }
    }

    static final class InMemoryAuthorizations implements Authorizations {

        private final Map<OrderId, Authorization> rows = new HashMap<>();

        @Override
        public Optional<Authorization> find(OrderId orderId) {
            return Optional.ofNullable(rows.get(orderId)).map(InMemoryAuthorizations::copy);
        }

        @Override
        public Optional<Authorization> lock(OrderId orderId) {
            return find(orderId);
        }

        @Override
        public void add(Authorization authorization) {
            if (rows.putIfAbsent(authorization.orderId(), copy(authorization)) != null) {
                throw new IllegalStateException("order " + authorization.orderId() + " already has one");
            }
        }

        @Override
        public void update(Authorization authorization) {
            if (rows.replace(authorization.orderId(), copy(authorization)) == null) {
                throw new IllegalStateException("no authorization for " + authorization.orderId());
            }
        }

        int count() {
            return rows.size();
        }

        private static Authorization copy(Authorization a) {
            return Authorization.restore(
                    a.orderId(),
                    a.customerId(),
                    a.amount(),
                    a.status(),
                    a.declineReason().orElse(null));
        }
    }
}
