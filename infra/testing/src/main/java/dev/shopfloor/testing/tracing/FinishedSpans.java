package dev.shopfloor.testing.tracing;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects every span the application finishes, in process: a Brave {@link SpanHandler} that Spring Boot adds to the
 * tracer next to the Zipkin exporter when it is a bean (declare one in a test configuration). Tests read the spans of
 * one trace from it. Needs Brave on the test class path (the services have it through spring-boot-starter-zipkin).
 */
public final class FinishedSpans extends SpanHandler {

    private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

    @Override
    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
        if (cause == Cause.FINISHED) {
            spans.add(span);
        }
        return true;
    }

    /** The finished spans of the trace {@code traceId} (32 lower-case hex digits), in the order they ended. */
    public List<MutableSpan> ofTrace(String traceId) {
        return spans.stream().filter(span -> traceId.equals(span.traceId())).toList();
    }
}
