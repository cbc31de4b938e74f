package dev.shopfloor.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the gateway, prefix {@code shopfloor.gateway}. Each backend URL is a base URL (http or https, host,
 * port, no path): the gateway forwards the request path unchanged, so {@code /api/orders/42} reaches
 * {@code <orderServiceUrl>/api/orders/42}. Overridable by environment, e.g. {@code SHOPFLOOR_GATEWAY_ORDER_SERVICE_URL}.
 * A URL with a path, query or another scheme fails the start-up: the gateway would silently drop the path.
 *
 * @param orderServiceUrl order-service, serves {@code /api/orders/**}
 * @param paymentServiceUrl payment-service, serves {@code /api/customers/**}
 * @param inventoryServiceUrl inventory-service, serves {@code /api/products/**}
 * @param sagaOrchestratorUrl saga-orchestrator, serves {@code /api/orders/{id}/saga}
 * @param readModelServiceUrl read-model-service (CQRS order views), serves {@code GET /api/orders} and a share of
 *     {@code GET /api/orders/{orderId}} (see {@code strangler})
 * @param retryAfter how long a client is told to wait ({@code Retry-After}, whole seconds, at least 1) when a backend
 *     cannot be reached or does not answer in time
 * @param strangler how reads of one order are split between order-service and read-model-service
 * @param cors which browser origins may call the API
 */
@Validated
@ConfigurationProperties("shopfloor.gateway")
public record ShopfloorGatewayProperties(
        @DefaultValue("http://localhost:8081") @NotNull URI orderServiceUrl,
        @DefaultValue("http://localhost:8082") @NotNull URI paymentServiceUrl,
        @DefaultValue("http://localhost:8083") @NotNull URI inventoryServiceUrl,
        @DefaultValue("http://localhost:8085") @NotNull URI sagaOrchestratorUrl,
        @DefaultValue("http://localhost:8084") @NotNull URI readModelServiceUrl,
        @DefaultValue("5s") @NotNull Duration retryAfter,
        @DefaultValue @Valid Strangler strangler,
        @DefaultValue @Valid Cors cors) {

    public ShopfloorGatewayProperties {
        requireBaseUrl("order-service-url", orderServiceUrl);
        requireBaseUrl("payment-service-url", paymentServiceUrl);
        requireBaseUrl("inventory-service-url", inventoryServiceUrl);
        requireBaseUrl("saga-orchestrator-url", sagaOrchestratorUrl);
        requireBaseUrl("read-model-service-url", readModelServiceUrl);
        if (retryAfter != null && retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("shopfloor.gateway.retry-after must be at least 1s, got " + retryAfter);
        }
    }

    /**
     * The strangler-fig migration of {@code GET /api/orders/{orderId}} from order-service (legacy, its write database)
     * to read-model-service (new, the CQRS read model).
     *
     * @param readModelPercent the share of callers (0-100) served by read-model-service at start; changeable at run
     *     time on the gateway's {@code /actuator/strangler} endpoint
     */
    public record Strangler(
            @DefaultValue("0") @Min(0) @Max(100) int readModelPercent) {

        public Strangler {
            if (readModelPercent < 0 || readModelPercent > 100) {
                throw new IllegalArgumentException(
                        "shopfloor.gateway.strangler.read-model-percent must be 0-100, got " + readModelPercent);
            }
        }
    }

    /**
     * Cross-origin access to {@code /api/**} from browsers (the Fetch standard's CORS protocol).
     *
     * @param allowedOrigins exact origins, e.g. {@code https://shop.example.com}; empty (the default) refuses every
     *     cross-origin request. A {@code *} is refused at start-up: the API carries customers' data.
     * @param maxAge how long a browser may cache a preflight answer
     */
    public record Cors(
            @DefaultValue({}) List<String> allowedOrigins,
            @DefaultValue("30m") @NotNull Duration maxAge) {

        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
            if (allowedOrigins.contains("*")) {
                throw new IllegalArgumentException("shopfloor.gateway.cors.allowed-origins must list origins, not '*'");
            }
        }

        /** No cross-origin access (the default). */
        public static Cors none() {
            return new Cors(List.of(), Duration.ofMinutes(30));
        }
    }

    private static void requireBaseUrl(String name, URI url) {
        if (url == null) {
            return; // reported by @NotNull
        }
        boolean web = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        boolean bare = (url.getRawPath() == null
                        || url.getRawPath().isEmpty()
                        || url.getRawPath().equals("/"))
                && url.getRawQuery() == null
                && url.getRawFragment() == null;
        if (!web || url.getHost() == null || !bare) {
            throw new IllegalArgumentException(
                    "shopfloor.gateway." + name + " must be a base URL like http://host:port, got " + url);
        }
    }
}
