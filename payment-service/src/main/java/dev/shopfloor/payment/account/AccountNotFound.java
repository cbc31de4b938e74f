package dev.shopfloor.payment.account;

/** No account exists for the customer. */
public class AccountNotFound extends RuntimeException {

    private final CustomerId customerId;

    public AccountNotFound(CustomerId customerId) {
        super("customer " + customerId + " has no payment account");
        this.customerId = customerId;
    }

    public CustomerId customerId() {
        return customerId;
    }
}
