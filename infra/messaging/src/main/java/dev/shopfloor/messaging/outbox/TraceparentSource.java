package dev.shopfloor.messaging.outbox;

/**
 * Where the {@link Outbox} gets the trace context of the work that writes a message: the W3C {@code traceparent} of
 * the span current on the calling thread, e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}.
 *
 * <p>{@link dev.shopfloor.messaging.tracing.MicrometerTraceparentSource} reads it from Micrometer Tracing when a tracer
 * is configured; {@link #NONE} stands in when there is none.
 */
@FunctionalInterface
public interface TraceparentSource {

    /** For an application without a tracer: there is never a current span. */
    TraceparentSource NONE = () -> null;

    /**
     * @return the current span's {@code traceparent} header value, or {@code null} when no span is current
     */
    String current();
}
