package dev.shopfloor.payment.authorization;

/**
 * A void or capture that the payment's state forbids: capturing a voided, declined or never-authorized payment,
 * voiding a captured one. Retrying cannot help, so a command that causes it is a poison message.
 */
public class IllegalAuthorizationTransition extends RuntimeException {

    public IllegalAuthorizationTransition(OrderId orderId, AuthorizationStatus from, String action) {
        super("cannot " + action + " the payment of order " + orderId + ": it is " + from);
    }

    private IllegalAuthorizationTransition(String message) {
        super(message);
    }

    /** The order has no authorization at all. */
    public static IllegalAuthorizationTransition withoutAuthorization(OrderId orderId, String action) {
        return new IllegalAuthorizationTransition(
                "cannot " + action + " the payment of order " + orderId + ": it was never authorized");
    }
}
