package dev.shopfloor.security;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The scope each public route needs (DESIGN.md §7–§8), in one table that the gateway and every service enforce alike.
 * Paths are Spring {@link PathPattern}s ({@code *} is one path segment). A request that matches no rule needs a valid
 * token and no particular scope (and then usually gets {@code 404}).
 *
 * <p>Scopes: {@code orders:read}, {@code orders:write}, {@code catalog:write}, {@code inventory:write},
 * {@code payments:write}. In Spring Security a scope {@code s} is the authority {@code SCOPE_s}.
 */
public final class ApiAccess {

    public static final String ORDERS_READ = "orders:read";
    public static final String ORDERS_WRITE = "orders:write";
    public static final String CATALOG_WRITE = "catalog:write";
    public static final String INVENTORY_WRITE = "inventory:write";
    public static final String PAYMENTS_WRITE = "payments:write";

    /** Every route of the public API with the scope it needs, most specific first. */
    public static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.POST, "/api/products/*/stock", INVENTORY_WRITE),
            new Rule(HttpMethod.PUT, "/api/products/*", CATALOG_WRITE),
            new Rule(HttpMethod.GET, "/api/products", ORDERS_READ),
            new Rule(HttpMethod.GET, "/api/products/**", ORDERS_READ),
            new Rule(HttpMethod.PUT, "/api/customers/*/account", PAYMENTS_WRITE),
            new Rule(HttpMethod.GET, "/api/customers/*/account", ORDERS_READ),
            new Rule(HttpMethod.POST, "/api/orders", ORDERS_WRITE),
            new Rule(HttpMethod.GET, "/api/orders", ORDERS_READ),
            new Rule(HttpMethod.GET, "/api/orders/**", ORDERS_READ));

    /** The actuator's paths: reads open on a service's own port, writes for platform tokens only. */
    public static final String ACTUATOR = "/actuator/**";

    /**
     * Paths every service leaves open on its own port: health and metrics probes (GET on {@link #ACTUATOR}), the
     * OpenAPI document and UI.
     */
    public static final List<String> SERVICE_PUBLIC_PATHS =
            List.of(ACTUATOR, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error");

    private ApiAccess() {}

    /**
     * One route and its scope.
     *
     * @param method the HTTP method
     * @param pattern the path, a {@link PathPattern}
     * @param scope the OAuth2 scope the token must carry
     */
    public record Rule(HttpMethod method, String pattern, String scope) {

        private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

        /** The Spring Security authority of the scope, {@code SCOPE_<scope>}. */
        public String authority() {
            return "SCOPE_" + scope;
        }

        boolean matches(String method, String path) {
            return this.method.name().equals(method)
                    && PARSER.parse(pattern).matches(org.springframework.http.server.PathContainer.parsePath(path));
        }
    }

    /** The scope that {@code method path} needs, if a rule covers it. */
    public static Optional<String> requiredScope(String method, String path) {
        return RULES.stream()
                .filter(rule -> rule.matches(method, path))
                .map(Rule::scope)
                .findFirst();
    }
}
