package dev.shopfloor.security.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.junit.jupiter.api.Test;

class ServiceOpenApiTest {

    @Test
    void describesTheBearerTokenOnceAndRequiresItOnTheWholeApi() {
        OpenAPI api = new OpenAPI();

        ServiceOpenApi.describe(api);
        ServiceOpenApi.describe(api); // springdoc may customize a cached document again

        SecurityScheme scheme = api.getComponents().getSecuritySchemes().get(ServiceOpenApi.SCHEME);
        assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(scheme.getScheme()).isEqualTo("bearer");
        assertThat(scheme.getBearerFormat()).isEqualTo("JWT");
        assertThat(api.getSecurity()).hasSize(1);
        assertThat(api.getSecurity().getFirst()).containsKey(ServiceOpenApi.SCHEME);
    }

    @Test
    void leavesTheErrorPathOut() {
        OpenAPI api = new OpenAPI()
                .paths(new io.swagger.v3.oas.models.Paths()
                        .addPathItem("/error", new io.swagger.v3.oas.models.PathItem())
                        .addPathItem("/api/orders", new io.swagger.v3.oas.models.PathItem()));

        ServiceOpenApi.withoutErrorPath(api);

        assertThat(api.getPaths()).containsOnlyKeys("/api/orders");
    }
}
