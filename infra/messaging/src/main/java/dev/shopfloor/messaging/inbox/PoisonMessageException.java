package dev.shopfloor.messaging.inbox;

/**
 * A message that can never be processed, however often it is retried: missing envelope headers, a body that is
 * not valid JSON for its type, or an unknown message type. The Kafka error handler sends it to the topic's
 * dead-letter topic at once, with this exception's class and message in headers, and moves on.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
