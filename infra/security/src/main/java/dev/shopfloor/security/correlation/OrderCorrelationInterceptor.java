package dev.shopfloor.security.correlation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Marks a request whose matched path has a variable {@value #PATH_VARIABLE} with that order ({@link OrderCorrelation})
 * before the handler runs, and removes the order from the MDC when the request completes, whoever marked it.
 */
final class OrderCorrelationInterceptor implements HandlerInterceptor {

    static final String PATH_VARIABLE = "orderId";

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get(PATH_VARIABLE) instanceof String orderId) {
            OrderCorrelation.mark(request, orderId);
        }
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        OrderCorrelation.clear();
    }
}
