package dev.shopfloor.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;

class RouteClassTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "POST, /api/orders, PLACEMENT",
        "POST, /api/orders/, PLACEMENT",
        "GET, /api/orders/42, READS",
        "GET, /api/orders, READS",
        "GET, /api/orders/42/saga, READS",
        "GET, /api/products/SKU-1, READS",
        "GET, /api/customers/c-1/account, READS",
        "HEAD, /api/products, READS",
        "PUT, /api/products/SKU-1, WRITES",
        "POST, /api/products/SKU-1/stock, WRITES",
        "PUT, /api/customers/c-1/account, WRITES",
        "POST, /api/orders/42, WRITES",
        "DELETE, /api/orders/42, WRITES"
    })
    void classifiesARequestByMethodAndPathAlone(String method, String path, RouteClass expected) {
        assertThat(RouteClass.of(HttpMethod.valueOf(method), path)).isEqualTo(expected);
    }
}
