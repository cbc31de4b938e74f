package dev.shopfloor.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiAccessTest {

    @Test
    void eachRouteOfTheDesignNeedsItsScope() {
        assertThat(ApiAccess.requiredScope("PUT", "/api/products/SKU-1")).hasValue("catalog:write");
        assertThat(ApiAccess.requiredScope("GET", "/api/products/SKU-1")).hasValue("orders:read");
        assertThat(ApiAccess.requiredScope("GET", "/api/products")).hasValue("orders:read");
        assertThat(ApiAccess.requiredScope("POST", "/api/products/SKU-1/stock")).hasValue("inventory:write");
        assertThat(ApiAccess.requiredScope("PUT", "/api/customers/alice/account"))
                .hasValue("payments:write");
        assertThat(ApiAccess.requiredScope("GET", "/api/customers/alice/account"))
                .hasValue("orders:read");
        assertThat(ApiAccess.requiredScope("POST", "/api/orders")).hasValue("orders:write");
        assertThat(ApiAccess.requiredScope("GET", "/api/orders")).hasValue("orders:read");
        assertThat(ApiAccess.requiredScope("GET", "/api/orders/42")).hasValue("orders:read");
        assertThat(ApiAccess.requiredScope("GET", "/api/orders/42/saga")).hasValue("orders:read");
    }

    @Test
    void aMethodOrPathOutsideTheTableNeedsNoParticularScope() {
        assertThat(ApiAccess.requiredScope("DELETE", "/api/orders/42")).isEmpty();
        assertThat(ApiAccess.requiredScope("POST", "/api/products/SKU-1")).isEmpty();
        assertThat(ApiAccess.requiredScope("GET", "/api/unknown")).isEmpty();
    }

    @Test
    void aCustomerActsOnlyForItselfAndThePlatformForAnyone() {
        assertThat(Caller.customer("alice", "alice").mayActFor("alice")).isTrue();
        assertThat(Caller.customer("alice", "alice").mayActFor("bob")).isFalse();
        assertThat(Caller.platform("shopfloor-cli").mayActFor("bob")).isTrue();
    }

    @Test
    void problemDocumentsEscapeWhatTheyQuote() {
        assertThat(ProblemJson.unauthorized("say \"hi\"\n", "/api/x"))
                .isEqualTo("{\"type\":\"https://shopfloor.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                        + "\"status\":401,\"detail\":\"say \\\"hi\\\"\\n\",\"instance\":\"/api/x\"}");
    }
}
