package dev.shopfloor.security.correlation;

import io.micrometer.common.KeyValue;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Names the order an HTTP request concerns, for logs and traces: the MDC key {@value #MDC_KEY} (log lines show it
 * while the request runs) and the tag {@value #SPAN_TAG} on the request's server span (the {@code http.server.requests}
 * observation, as a high-cardinality value: on the span only, never a metric tag).
 *
 * <p>Requests whose path has a variable {@code orderId} ({@code GET /api/orders/{orderId}}, ...) are marked before
 * their handler runs ({@link OrderCorrelationInterceptor}); a handler that creates an order marks it with {@link
 * #mark(String)} as soon as its id exists. The MDC entry is removed when the request completes.
 *
 * <p>An id is taken only if it is 1 to 64 letters, digits, {@code -} or {@code _}: it comes from the URL and goes into
 * log lines, so anything else (line breaks, markup) is ignored rather than logged.
 */
public final class OrderCorrelation {

    /** MDC key of the order id (log pattern {@code %X{orderId}}). */
    public static final String MDC_KEY = "orderId";

    /** Span tag of the order id, the same on every span of the platform. */
    public static final String SPAN_TAG = "order.id";

    private static final Pattern LOGGABLE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private OrderCorrelation() {}

    /**
     * Marks the HTTP request of the current thread as concerning {@code orderId} until it completes. Does nothing
     * outside a servlet request (a Kafka listener, a scheduled task) or for an id that is not loggable.
     */
    public static void mark(String orderId) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            mark(attributes.getRequest(), orderId);
        }
    }

    static void mark(HttpServletRequest request, String orderId) {
        if (orderId == null || !LOGGABLE_ID.matcher(orderId).matches()) {
            return;
        }
        MDC.put(MDC_KEY, orderId);
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.addHighCardinalityKeyValue(KeyValue.of(SPAN_TAG, orderId)));
    }

    static void clear() {
        MDC.remove(MDC_KEY);
    }
}
