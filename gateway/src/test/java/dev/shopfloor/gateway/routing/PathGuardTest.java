package dev.shopfloor.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathGuardTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/orders",
                "/api/orders/123/saga",
                "/api/products/SKU-1",
                "/api/products/caf%C3%A9",
                "/api/products/a.b",
                "/api/products/...",
                "/api/products/..x",
                "/api/customers/c%2D1/account",
                "/api/products/SKU-1;v=2",
                "/"
            })
    void acceptsPathsThatStayWhereTheyPoint(String path) {
        assertThat(PathGuard.isSafe(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/orders/../actuator/health",
                "/api/orders/./123",
                "/api/orders/..",
                "/api/orders/%2e%2e/actuator",
                "/api/orders/%2E./actuator",
                "/api/orders/.%2e/actuator",
                "/api/orders/..;/actuator",
                "/api/orders/..;jsessionid=1/actuator",
                "/api/orders/%2e%2e;x/actuator",
                "/api/orders/x%2f..%2factuator",
                "/api/orders/x%2F..",
                "/api/orders/x%5c..",
                "/api/orders/x\\..",
                "/api/orders/%zz",
                "/api/orders/%2"
            })
    void refusesPathsThatClimbOutOrHideSeparators(String path) {
        assertThat(PathGuard.isSafe(path)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void refusesAMissingPath() {
        assertThat(PathGuard.isSafe(null)).isFalse();
    }
}
