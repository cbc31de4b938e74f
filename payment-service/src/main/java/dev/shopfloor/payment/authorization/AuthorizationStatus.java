package dev.shopfloor.payment.authorization;

/**
 * Where an order's payment stands.
 *
 * <pre>
 * (AuthorizePayment) --+--> AUTHORIZED --+--> VOIDED    (VoidPayment: reservation released)
 *                      |                 +--> CAPTURED  (CapturePayment: reservation becomes used credit)
 *                      +--> DECLINED                    (no account, or not enough available credit)
 * </pre>
 */
public enum AuthorizationStatus {
    /** The amount is reserved on the customer's account. */
    AUTHORIZED,
    /** The amount was not reserved; see the decline reason. */
    DECLINED,
    /** The reservation was released; nothing is owed. */
    VOIDED,
    /** The reservation became used credit. */
    CAPTURED
}
