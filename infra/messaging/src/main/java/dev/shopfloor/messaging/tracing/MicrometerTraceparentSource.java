package dev.shopfloor.messaging.tracing;

import dev.shopfloor.messaging.MessageHeaders;
import dev.shopfloor.messaging.outbox.TraceparentSource;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The current span's W3C {@code traceparent}, as the application's Micrometer {@link Tracer} and {@link Propagator}
 * write it. {@code null} when no span is current, or when the propagator writes no {@code traceparent} (a B3-only
 * configuration).
 */
public class MicrometerTraceparentSource implements TraceparentSource {

    private final Tracer tracer;
    private final Propagator propagator;

    public MicrometerTraceparentSource(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(MessageHeaders.TRACEPARENT);
    }
}
