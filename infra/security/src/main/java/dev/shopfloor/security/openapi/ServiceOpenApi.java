package dev.shopfloor.security.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * What every service's OpenAPI document ({@code /v3/api-docs}) says beyond its controllers: how the API is called,
 * with an OAuth 2.0 bearer token, a JWT of the platform's issuer ({@code Authorization: Bearer <token>}, RFC 6750
 * §2.1), on every operation (Swagger UI then offers "Authorize", and generated clients send it); and not
 * {@code /error}, the servlet container's error path that answers problem details, which is no operation of the API.
 * Registered where springdoc is on the classpath.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class ServiceOpenApi {

    /** The security scheme's name in {@code components.securitySchemes}. */
    public static final String SCHEME = "bearer-jwt";

    @Bean
    OpenApiCustomizer bearerToken() {
        return ServiceOpenApi::describe;
    }

    @Bean
    OpenApiCustomizer withoutErrorPath() {
        return ServiceOpenApi::withoutErrorPath;
    }

    /** Removes {@code /error} from the document's paths. */
    static void withoutErrorPath(OpenAPI api) {
        if (api.getPaths() != null) {
            api.getPaths().remove("/error");
        }
    }

    /** Adds the bearer scheme and requires it on the whole API (operations the service leaves open say so themselves). */
    static void describe(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents()
                .addSecuritySchemes(
                        SCHEME,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("An access token of the platform's OAuth 2.0 issuer (DESIGN.md §7): "
                                        + "401 without a valid one, 403 when its scopes do not allow the call"));
        if (api.getSecurity() == null
                || api.getSecurity().stream().noneMatch(requirement -> requirement.containsKey(SCHEME))) {
            api.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        }
    }
}
