package dev.shopfloor.payment.account;

/**
 * A new credit limit below what the account has already committed (reserved plus used credit): lowering it there
 * would leave authorizations the account could not honour.
 */
public class CreditLimitBelowCommitment extends RuntimeException {

    private final CustomerId customerId;
    private final Money requestedLimit;
    private final Money committed;

    public CreditLimitBelowCommitment(CustomerId customerId, Money requestedLimit, Money committed) {
        super("credit limit " + requestedLimit + " is below the " + committed + " already reserved or used by customer "
                + customerId);
        this.customerId = customerId;
        this.requestedLimit = requestedLimit;
        this.committed = committed;
    }

    public CustomerId customerId() {
        return customerId;
    }

    public Money requestedLimit() {
        return requestedLimit;
    }

    /** Reserved plus used credit at the time of the request. */
    public Money committed() {
        return committed;
    }
}
