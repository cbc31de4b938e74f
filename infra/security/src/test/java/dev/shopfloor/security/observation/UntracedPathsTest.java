package dev.shopfloor.security.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class UntracedPathsTest {

    @Test
    void leavesTheActuatorOutAndEverythingElseIn() {
        assertThat(UntracedPaths.isUntraced("/actuator")).isTrue();
        assertThat(UntracedPaths.isUntraced("/actuator/health/readiness")).isTrue();
        assertThat(UntracedPaths.isUntraced("/actuator/prometheus")).isTrue();
        assertThat(UntracedPaths.isUntraced("/api/orders/42")).isFalse();
        assertThat(UntracedPaths.isUntraced("/actuatorish")).isFalse();
        assertThat(UntracedPaths.isUntraced("/api/actuator")).isFalse();
        assertThat(UntracedPaths.isUntraced(null)).isFalse();
    }

    @Test
    void skipsAServletRequestToTheActuatorOnly() {
        assertThat(UntracedPaths.servlet().test("http.server.requests", servlet("/actuator/prometheus")))
                .isFalse();
        assertThat(UntracedPaths.servlet().test("http.server.requests", servlet("/api/orders")))
                .isTrue();
        assertThat(UntracedPaths.servlet().test("spring.kafka.listener", new Observation.Context()))
                .isTrue();
    }

    @Test
    void skipsAReactiveRequestToTheActuatorOnly() {
        assertThat(UntracedPaths.reactive().test("http.server.requests", reactive("/actuator/health/liveness")))
                .isFalse();
        assertThat(UntracedPaths.reactive().test("http.server.requests", reactive("/api/products")))
                .isTrue();
    }

    private static ServerRequestObservationContext servlet(String path) {
        return new ServerRequestObservationContext(
                new MockHttpServletRequest("GET", path), new MockHttpServletResponse());
    }

    private static org.springframework.http.server.reactive.observation.ServerRequestObservationContext reactive(
            String path) {
        return new org.springframework.http.server.reactive.observation.ServerRequestObservationContext(
                MockServerHttpRequest.get(path).build(), new MockServerHttpResponse(), java.util.Map.of());
    }
}
