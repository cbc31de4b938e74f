package dev.shopfloor.security.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.junit.jupiter.api.Test;

class BearerTokenOpenApiTest {

    @Test
    void describesTheBearerTokenOnceAndRequiresItOnTheWholeApi() {
        OpenAPI api = new OpenAPI();

        BearerTokenOpenApi.describe(api);
        BearerTokenOpenApi.describe(api); // springdoc may customize a cached document again

        SecurityScheme scheme = api.getComponents().getSecuritySchemes().get(BearerTokenOpenApi.SCHEME);
        assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(scheme.getScheme()).isEqualTo("bearer");
        assertThat(scheme.getBearerFormat()).isEqualTo("JWT");
        assertThat(api.getSecurity()).hasSize(1);
        assertThat(api.getSecurity().getFirst()).containsKey(BearerTokenOpenApi.SCHEME);
    }
}
