package dev.shopfloor.payment.account;

import static dev.shopfloor.payment.account.TestMoney.eur;

/** Test-data builder: {@code anAccount().withCreditLimit("500.00").withReserved("100.00").build()}. */
public final class AccountBuilder {

    private String customerId = "cust-1";
    private Money creditLimit = eur("500.00");
    private Money reserved = eur("0.00");
    private Money used = eur("0.00");

    private AccountBuilder() {}

    public static AccountBuilder anAccount() {
        return new AccountBuilder();
    }

    public AccountBuilder forCustomer(String customerId) {
        this.customerId = customerId;
        return this;
    }

    public AccountBuilder withCreditLimit(String amount) {
        this.creditLimit = eur(amount);
        return this;
    }

    public AccountBuilder withReserved(String amount) {
        this.reserved = eur(amount);
        return this;
    }

    public AccountBuilder withUsed(String amount) {
        this.used = eur(amount);
        return this;
    }

    public Account build() {
        return Account.restore(new CustomerId(customerId), creditLimit, reserved, used);
    }
}
