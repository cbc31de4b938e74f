package dev.shopfloor.payment.authorization;

import dev.shopfloor.payment.account.Account;
import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.payment.account.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * The payment of one order: the decision on its {@code AuthorizePayment} (authorized or declined, with the amount)
 * and what became of it (voided or captured). There is at most one per order, so a repeated command for the same
 * order finds it and answers as before instead of reserving again.
 *
 * <p>Voiding is idempotent and also accepted for a declined payment (there is nothing to release); capturing is
 * idempotent. Capturing a voided or declined payment, or voiding a captured one, throws
 * {@link IllegalAuthorizationTransition}. Balances move on the {@link Account}: the caller releases or captures the
 * reservation there when {@link #holdsReservation()} was true before the transition.
 */
public final class Authorization {

    private final OrderId orderId;
    private final CustomerId customerId;
    private final Money amount;
    private final DeclineReason declineReason;
    private AuthorizationStatus status;

    private Authorization(
            OrderId orderId,
            CustomerId customerId,
            Money amount,
            AuthorizationStatus status,
            DeclineReason declineReason) {
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.customerId = Objects.requireNonNull(customerId, "customerId");
        this.amount = Objects.requireNonNull(amount, "amount");
        this.status = Objects.requireNonNull(status, "status");
        this.declineReason = declineReason;
        if ((status == AuthorizationStatus.DECLINED) != (declineReason != null)) {
            throw new IllegalArgumentException("a decline reason goes with a declined payment and only with it");
        }
        if (amount.isNegative()) {
            throw new IllegalArgumentException("an authorization amount cannot be negative, was " + amount);
        }
    }

    /**
     * Decides an order's payment against the customer's account: reserves {@code amount} on it and answers
     * {@code AUTHORIZED} when the available credit covers it, else {@code DECLINED} with
     * {@link DeclineReason#INSUFFICIENT_CREDIT} and the account untouched.
     *
     * @throws IllegalArgumentException when {@code amount} is negative
     * @throws dev.shopfloor.payment.account.CurrencyMismatch when {@code amount} is not in the account's currency
     */
    public static Authorization requestAgainst(Account account, OrderId orderId, Money amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("an authorization amount cannot be negative, was " + amount);
        }
        if (!account.canReserve(amount)) {
            return new Authorization(
                    orderId,
                    account.customerId(),
                    amount,
                    AuthorizationStatus.DECLINED,
                    DeclineReason.INSUFFICIENT_CREDIT);
        }
        account.reserve(amount);
        return new Authorization(orderId, account.customerId(), amount, AuthorizationStatus.AUTHORIZED, null);
    }

    /** Declines an order's payment because the customer has no account ({@link DeclineReason#NO_ACCOUNT}). */
    public static Authorization declineWithoutAccount(OrderId orderId, CustomerId customerId, Money amount) {
        return new Authorization(orderId, customerId, amount, AuthorizationStatus.DECLINED, DeclineReason.NO_ACCOUNT);
    }

    /**
     * Rebuilds an authorization from stored state.
     *
     * @param declineReason the reason for a {@code DECLINED} status; {@code null} for every other status
     */
    public static Authorization restore(
            OrderId orderId,
            CustomerId customerId,
            Money amount,
            AuthorizationStatus status,
            DeclineReason declineReason) {
        return new Authorization(orderId, customerId, amount, status, declineReason);
    }

    /** Whether the amount is reserved on the account right now (authorized, neither voided nor captured yet). */
    public boolean holdsReservation() {
        return status == AuthorizationStatus.AUTHORIZED;
    }

    /**
     * Voids the payment. A no-op when it is already voided or was declined.
     *
     * @throws IllegalAuthorizationTransition when it was captured
     */
    public void markVoided() {
        switch (status) {
            case AUTHORIZED -> status = AuthorizationStatus.VOIDED;
            case VOIDED, DECLINED -> {}
            case CAPTURED -> throw new IllegalAuthorizationTransition(orderId, status, "void");
        }
    }

    /**
     * Captures the payment. A no-op when it is already captured.
     *
     * @throws IllegalAuthorizationTransition when it was voided or declined
     */
    public void markCaptured() {
        switch (status) {
            case AUTHORIZED -> status = AuthorizationStatus.CAPTURED;
            case CAPTURED -> {}
            case VOIDED, DECLINED -> throw new IllegalAuthorizationTransition(orderId, status, "capture");
        }
    }

    /** Whether the order's {@code AuthorizePayment} was declined (whatever happened afterwards). */
    public boolean isDeclined() {
        return status == AuthorizationStatus.DECLINED;
    }

    public OrderId orderId() {
        return orderId;
    }

    public CustomerId customerId() {
        return customerId;
    }

    public Money amount() {
        return amount;
    }

    public AuthorizationStatus status() {
        return status;
    }

    /** The reason of a declined payment; empty for any other status. */
    public Optional<DeclineReason> declineReason() {
        return Optional.ofNullable(declineReason);
    }

    @Override
    public String toString() {
        return "Authorization[order " + orderId + ", customer " + customerId + ", " + amount + ", " + status
                + (declineReason == null ? "" : " " + declineReason) + "]";
    }
}
