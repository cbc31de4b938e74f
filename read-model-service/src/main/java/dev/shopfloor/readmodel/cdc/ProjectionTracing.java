package dev.shopfloor.readmodel.cdc;

import dev.shopfloor.readmodel.projection.Projection;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Puts the projection of a source transaction into the trace that caused it. A service that writes an outbox row also
 * writes, in the same transaction, a logical decoding message with prefix {@value #MESSAGE_PREFIX} whose content is
 * the W3C {@code traceparent} of the span current at that moment ({@code pg_logical_emit_message(true, ...)}). The
 * engine reads it with the transaction's row changes, and the projection of that transaction becomes a span named
 * {@value #SPAN_NAME} (kind consumer), a child of that traceparent, tagged {@code source} (the source database's
 * name) and {@code order.id} (the order whose view changed; several comma-separated if the transaction touched
 * several). A transaction without such a message is projected without a span.
 *
 * <p>With tracing switched off (no {@link Tracer}), projections run untraced.
 */
@Component
public class ProjectionTracing {

    /** Prefix of the logical decoding messages that carry a transaction's traceparent. */
    public static final String MESSAGE_PREFIX = "shopfloor.trace";

    /** Name of a projection's span. */
    public static final String SPAN_NAME = "readmodel project";

    private final Tracer tracer;
    private final Propagator propagator;

    public ProjectionTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /**
     * Runs {@code projection} (of one source transaction), inside a span continuing {@code traceparent} when there is
     * one. The span ends when the projection's database transaction has committed or failed.
     */
    Projection.Applied project(String source, String traceparent, Supplier<Projection.Applied> projection) {
        if (traceparent == null) {
            return projection.get();
        }
        Span span = propagator
                .extract(Map.of("traceparent", traceparent), Map::get)
                .name(SPAN_NAME)
                .kind(Span.Kind.CONSUMER)
                .tag("source", source)
                .start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            Projection.Applied applied = projection.get();
            if (!applied.orderIds().isEmpty()) {
                span.tag(
                        "order.id",
                        applied.orderIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
            return applied;
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
