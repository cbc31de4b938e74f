package dev.shopfloor.gateway.routing;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import dev.shopfloor.gateway.resilience.BackendBreakers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

/**
 * The public routes of DESIGN.md §8, one per owning service, except that reads of one order are split between
 * order-service and read-model-service by {@link OrderReadStrangler} and the list of orders goes to read-model-service. Paths are forwarded unchanged (the services serve
 * {@code /api/...} themselves), with query string, body and headers ({@code Idempotency-Key}) as received, and the
 * backend's answer (status, {@code Location}, problem bodies) is passed back as it is. Nothing else is routed: a
 * service's {@code /actuator} or any other path stays out of reach and gets the gateway's {@code 404} problem.
 *
 * <p>Each route's proxy call goes through its backend's time limit and circuit breaker ({@link BackendBreakers}; one
 * breaker per backend, shared by the routes to it). Reads of one order: the legacy side (proxied to order-service)
 * passes order-service's breaker; the new side, which {@link OrderReadStrangler} calls itself, passes
 * read-model-service's breaker, and while that one is open the strangler skips the read model and serves the read
 * from order-service at once. Rate limits apply before all of this, per caller and route class, whatever the route
 * ({@code dev.shopfloor.gateway.ratelimit}).
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    // Route ids; they also name the backend in the gateway's own problem details.
    static final String SAGA_ORCHESTRATOR = "saga-orchestrator";
    static final String ORDER_SERVICE = "order-service";
    static final String INVENTORY_SERVICE = "inventory-service";
    static final String PAYMENT_SERVICE = "payment-service";
    static final String ORDER_READ = "order-read";
    static final String READ_MODEL_SERVICE = "read-model-service";

    @Bean
    StranglerWeights stranglerWeights(ShopfloorGatewayProperties properties) {
        return new StranglerWeights(properties.strangler().readModelPercent());
    }

    /** The split as every gateway instance sees it: shared through Redis, over a connection of its own. */
    @Bean
    SharedStranglerSplit sharedStranglerSplit(
            StranglerWeights stranglerWeights, LettuceConnectionFactory redis, ShopfloorGatewayProperties properties) {
        return new SharedStranglerSplit(stranglerWeights, redis, properties.strangler());
    }

    /** The backends, named as in problems, breaker metrics and {@code shopfloor.gateway.resilience.backends}. */
    static final List<String> BACKENDS =
            List.of(ORDER_SERVICE, PAYMENT_SERVICE, INVENTORY_SERVICE, SAGA_ORCHESTRATOR, READ_MODEL_SERVICE);

    @Bean
    BackendBreakers backendBreakers(
            ReactiveResilience4JCircuitBreakerFactory circuitBreakers, ShopfloorGatewayProperties properties) {
        return new BackendBreakers(circuitBreakers, properties.resilience(), BACKENDS);
    }

    @Bean
    RouteLocator shopfloorRoutes(
            RouteLocatorBuilder routes,
            ShopfloorGatewayProperties backends,
            StranglerWeights weights,
            MeterRegistry metrics,
            HttpClientProperties httpClient,
            BackendBreakers breakers,
            ObjectProvider<WebClient.Builder> webClients) {
        Duration timeout =
                httpClient.getResponseTimeout() == null ? Duration.ofSeconds(10) : httpClient.getResponseTimeout();
        OrderReadStrangler strangler = new OrderReadStrangler(
                weights,
                backends.readModelServiceUrl(),
                metrics,
                timeout,
                breakers,
                // Boot's builder carries the observation: the read is a span of the caller's trace, and timed
                webClients.getIfAvailable(WebClient::builder));
        return routes.routes()
                // One order: order-service or read-model-service by the strangler's weight (legacy by proxy).
                .route(
                        ORDER_READ,
                        r -> r.order(-1)
                                .method(HttpMethod.GET)
                                .and()
                                .path("/api/orders/{orderId}")
                                .and()
                                .predicate(GatewayRoutes::hasSafePath)
                                .filters(f -> f.filter(strangler, 0).filter(breakers.guard(ORDER_SERVICE), 1))
                                .uri(backends.orderServiceUrl()))
                // The list of orders is the read model's alone (joins and filters over all services' data).
                .route(
                        READ_MODEL_SERVICE,
                        r -> r.order(-1)
                                .method(HttpMethod.GET)
                                .and()
                                .path("/api/orders")
                                .and()
                                .predicate(GatewayRoutes::hasSafePath)
                                .filters(f -> f.filter(breakers.guard(READ_MODEL_SERVICE), 1))
                                .uri(backends.readModelServiceUrl()))
                // More specific than /api/orders/**, so it is ordered first.
                .route(
                        SAGA_ORCHESTRATOR,
                        r -> r.order(-1)
                                .path("/api/orders/{orderId}/saga")
                                .and()
                                .predicate(GatewayRoutes::hasSafePath)
                                .filters(f -> f.filter(breakers.guard(SAGA_ORCHESTRATOR), 1))
                                .uri(backends.sagaOrchestratorUrl()))
                .route(
                        ORDER_SERVICE,
                        r -> r.path("/api/orders", "/api/orders/**")
                                .and()
                                .predicate(GatewayRoutes::hasSafePath)
                                .filters(f -> f.filter(breakers.guard(ORDER_SERVICE), 1))
                                .uri(backends.orderServiceUrl()))
                .route(
                        INVENTORY_SERVICE,
                        r -> r.path("/api/products", "/api/products/**")
                                .and()
                                .predicate(GatewayRoutes::hasSafePath)
                                .filters(f -> f.filter(breakers.guard(INVENTORY_SERVICE), 1))
                                .uri(backends.inventoryServiceUrl()))
                .route(
                        PAYMENT_SERVICE,
                        r -> r.path("/api/customers/**")
                                .and()
                                .predicate(GatewayRoutes::hasSafePath)
                                .filters(f -> f.filter(breakers.guard(PAYMENT_SERVICE), 1))
                                .uri(backends.paymentServiceUrl()))
                .build();
    }

    private static boolean hasSafePath(ServerWebExchange exchange) {
        return PathGuard.isSafe(exchange.getRequest().getURI().getRawPath());
    }
}
