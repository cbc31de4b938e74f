package dev.shopfloor.payment.authorization;

import dev.shopfloor.payment.account.Account;
import dev.shopfloor.payment.account.Accounts;
import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.payment.account.Money;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Authorizes, voids and captures order payments against customers' accounts: the authorization feature's
 * application service. Each operation is idempotent by order id, and each joins the caller's transaction, so the
 * messaging adapter commits inbox row, effect and reply together.
 *
 * <p>Locks: an authorization locks the customer's account first, so concurrent authorizations of one customer
 * serialize and together never exceed the limit; a void or capture locks the authorization row, then the account.
 * No operation waits for an authorization row while holding an account lock, so the two orders cannot deadlock.
 */
@Service
public class PaymentAuthorizations {

    private final Accounts accounts;
    private final Authorizations authorizations;

    public PaymentAuthorizations(Accounts accounts, Authorizations authorizations) {
        this.accounts = accounts;
        this.authorizations = authorizations;
    }

    /**
     * Decides the order's payment: reserves {@code amount} on the customer's account, or declines it (no account,
     * not enough available credit). When the order already has a decision, answers that one again and changes
     * nothing.
     *
     * @return the order's authorization: {@code DECLINED} with its reason, or authorized (possibly since voided or
     *     captured, when this is a repeat)
     * @throws dev.shopfloor.payment.account.CurrencyMismatch when {@code amount} is not in the account's currency
     */
    @Transactional
    public Authorization authorize(OrderId orderId, CustomerId customerId, Money amount) {
        Optional<Account> account = accounts.lock(customerId);
        Optional<Authorization> earlier = authorizations.find(orderId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Authorization authorization = account.map(it -> Authorization.requestAgainst(it, orderId, amount))
                .orElseGet(() -> Authorization.declineWithoutAccount(orderId, customerId, amount));
        if (authorization.holdsReservation()) {
            accounts.update(account.orElseThrow());
        }
        authorizations.add(authorization);
        return authorization;
    }

    /**
     * Voids the order's payment and releases its reservation. Idempotent; an order without an authorization is
     * already void.
     *
     * @return the voided (or declined) authorization, or empty when the order has none
     * @throws IllegalAuthorizationTransition when the payment was captured
     */
    @Transactional
    public Optional<Authorization> voidPayment(OrderId orderId) {
        Optional<Authorization> found = authorizations.lock(orderId);
        found.ifPresent(authorization -> {
            if (authorization.holdsReservation()) {
                Account account = accountOf(authorization);
                account.releaseReservation(authorization.amount());
                accounts.update(account);
            }
            authorization.markVoided();
            authorizations.update(authorization);
        });
        return found;
    }

    /**
     * Captures the order's payment: its reserved amount becomes used credit. Idempotent.
     *
     * @throws IllegalAuthorizationTransition when the payment was voided or declined, or the order has no
     *     authorization
     */
    @Transactional
    public Authorization capture(OrderId orderId) {
        Authorization authorization = authorizations
                .lock(orderId)
                .orElseThrow(() -> IllegalAuthorizationTransition.withoutAuthorization(orderId, "capture"));
        if (authorization.holdsReservation()) {
            Account account = accountOf(authorization);
            account.captureReservation(authorization.amount());
            accounts.update(account);
        }
        authorization.markCaptured();
        authorizations.update(authorization);
        return authorization;
    }

    private Account accountOf(Authorization authorization) {
        return accounts.lock(authorization.customerId())
                .orElseThrow(() -> new IllegalStateException(
                        authorization + " holds a reservation on an account that does not exist"));
    }
}
