package dev.shopfloor.payment.authorization;

import static dev.shopfloor.payment.account.TestMoney.eur;

import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.payment.account.Money;

/** Test-data builder: {@code anAuthorization().forOrder(7).ofAmount("100.00").voided().build()}. */
final class AuthorizationBuilder {

    private long orderId = 1;
    private String customerId = "cust-1";
    private Money amount = eur("100.00");
    private AuthorizationStatus status = AuthorizationStatus.AUTHORIZED;
    private DeclineReason reason;

    private AuthorizationBuilder() {}

    static AuthorizationBuilder anAuthorization() {
        return new AuthorizationBuilder();
    }

    AuthorizationBuilder forOrder(long orderId) {
        this.orderId = orderId;
        return this;
    }

    AuthorizationBuilder ofAmount(String amount) {
        this.amount = eur(amount);
        return this;
    }

    AuthorizationBuilder voided() {
        return in(AuthorizationStatus.VOIDED, null);
    }

    AuthorizationBuilder captured() {
        return in(AuthorizationStatus.CAPTURED, null);
    }

    AuthorizationBuilder declined(DeclineReason reason) {
        return in(AuthorizationStatus.DECLINED, reason);
    }

    private AuthorizationBuilder in(AuthorizationStatus status, DeclineReason reason) {
        this.status = status;
        this.reason = reason;
        return this;
    }

    Authorization build() {
        return Authorization.restore(new OrderId(orderId), new CustomerId(customerId), amount, status, reason);
    }
}
