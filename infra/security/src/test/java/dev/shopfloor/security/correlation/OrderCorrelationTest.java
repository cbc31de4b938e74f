package dev.shopfloor.security.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

/** The order of a request in the MDC and on its server observation, and gone from the MDC when the request ends. */
class OrderCorrelationTest {

    final OrderCorrelationInterceptor interceptor = new OrderCorrelationInterceptor();
    final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders/339370868137230336");
    final MockHttpServletResponse response = new MockHttpServletResponse();
    final ServerRequestObservationContext observation = new ServerRequestObservationContext(request, response);

    @AfterEach
    void cleanUp() {
        MDC.clear();
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void putsTheOrderOfThePathIntoTheMdcWhileTheRequestRunsAndRemovesItAfter() {
        matchedPath(Map.of("orderId", "339370868137230336"));

        interceptor.preHandle(request, response, new Object());
        String during = MDC.get("orderId");
        interceptor.afterCompletion(request, response, new Object(), null);

        assertThat(during).isEqualTo("339370868137230336");
        assertThat(MDC.get("orderId")).isNull();
    }

    @Test
    void tagsTheRequestsServerObservationWithTheOrderOnItsSpanOnly() {
        request.setAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, observation);
        matchedPath(Map.of("orderId", "42"));

        interceptor.preHandle(request, response, new Object());

        assertThat(observation.getHighCardinalityKeyValue("order.id"))
                .isNotNull()
                .extracting(keyValue -> keyValue.getValue())
                .isEqualTo("42");
        assertThat(observation.getLowCardinalityKeyValue("order.id"))
                .as("a metric tag")
                .isNull();
    }

    @Test
    void leavesRequestsWithoutAnOrderUnmarked() {
        request.setAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, observation);
        matchedPath(Map.of("sku", "SKU-1"));

        interceptor.preHandle(request, response, new Object());

        assertThat(MDC.get("orderId")).isNull();
        assertThat(observation.getHighCardinalityKeyValue("order.id")).isNull();
    }

    @Test
    void ignoresAnIdThatCouldForgeALogLine() {
        matchedPath(Map.of("orderId", "1\n2026-01-01 INFO forged"));

        interceptor.preHandle(request, response, new Object());

        assertThat(MDC.get("orderId")).isNull();
    }

    @Test
    void marksAnOrderTheHandlerCreatedAndForgetsItWhenTheRequestCompletes() {
        request.setAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, observation);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        interceptor.preHandle(request, response, new Object());

        OrderCorrelation.mark("339370868250476544");
        String during = MDC.get("orderId");
        interceptor.afterCompletion(request, response, new Object(), null);

        assertThat(during).isEqualTo("339370868250476544");
        assertThat(observation.getHighCardinalityKeyValue("order.id").getValue())
                .isEqualTo("339370868250476544");
        assertThat(MDC.get("orderId")).isNull();
    }

    @Test
    void marksNothingOutsideAnHttpRequest() {
        OrderCorrelation.mark("339370868250476544");

        assertThat(MDC.get("orderId")).isNull();
    }

    private void matchedPath(Map<String, String> variables) {
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, variables);
    }
}
