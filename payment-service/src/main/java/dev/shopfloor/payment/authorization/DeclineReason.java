package dev.shopfloor.payment.authorization;

/** Why an authorization was declined (the {@code reason} of {@code payment.PaymentDeclined.v1}). */
public enum DeclineReason {
    /** The customer has no payment account. */
    NO_ACCOUNT,
    /** The amount is more than the account's available credit. */
    INSUFFICIENT_CREDIT
}
