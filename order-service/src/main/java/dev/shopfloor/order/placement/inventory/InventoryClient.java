package dev.shopfloor.order.placement.inventory;

import dev.shopfloor.order.config.OrderProperties;
import dev.shopfloor.order.domain.Money;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.retry.Retry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads products from inventory-service's catalog over HTTP: {@code GET {inventory-url}/api/products/{sku}}, which
 * answers {@code {sku, name, price: {amount, currency}, available}} or 404 for an unknown sku.
 *
 * <p>The one place the service talks to inventory-service. Each attempt is bounded by the connect and read timeouts
 * of {@code shopfloor.order.inventory-client.*}, runs on the caller's thread through the Spring Cloud circuit breaker
 * {@value InventoryResilience#CIRCUIT_BREAKER}, and is retried with backoff when it failed transiently (see
 * {@link InventoryResilience}). While the breaker is open no request is sent at all.
 */
@Component
public class InventoryClient {

    private static final Logger log = LoggerFactory.getLogger(InventoryClient.class);

    private final RestClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Duration retryAfter;
    private final Duration retryAfterWhenOpen;

    public InventoryClient(
            RestClient.Builder builder, OrderProperties properties, CircuitBreakerFactory<?, ?> breakers) {
        OrderProperties.InventoryClient settings = properties.inventoryClient();
        this.http = builder.clone()
                .baseUrl(properties.inventoryUrl().toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        // plain HTTP/1.1: no h2c upgrade dance with the servlet container on the other side
                        .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                        .build(HttpClientSettings.defaults()
                                .withTimeouts(settings.connectTimeout(), settings.readTimeout())))
                .defaultHeader("Accept", MediaType.APPLICATION_JSON_VALUE)
                .build();
        this.breaker = breakers.create(InventoryResilience.CIRCUIT_BREAKER);
        this.retry = Retry.of(InventoryResilience.CIRCUIT_BREAKER, InventoryResilience.retryConfig(settings.retry()));
        this.retryAfter = settings.retryAfter();
        this.retryAfterWhenOpen = settings.circuitBreaker().waitInOpenState();
    }

    /**
     * The product with {@code sku}.
     *
     * @return empty when inventory-service does not know the sku (404)
     * @throws InventoryUnavailable when inventory-service cannot be reached, times out or answers with a 5xx on every
     *     attempt, answers another 4xx than 404 or with a body that is not a product, or when the circuit breaker is
     *     open (then at once, and {@link InventoryUnavailable#retryAfter()} is the breaker's wait)
     */
    public Optional<Product> product(String sku) {
        ProductResponse response;
        try {
            response = retry.executeSupplier(() -> breaker.run(() -> fetch(sku), InventoryClient::rethrow));
        } catch (CallNotPermittedException e) {
            log.debug("circuit breaker {} is open, not asking for product {}", e.getCausingCircuitBreakerName(), sku);
            throw new InventoryUnavailable(
                    "inventory-service is not asked for product " + sku + ": circuit breaker "
                            + e.getCausingCircuitBreakerName() + " is open",
                    e,
                    retryAfterWhenOpen);
        } catch (RestClientException e) {
            log.warn("cannot read product {} from inventory-service: {}", sku, e.toString());
            throw new InventoryUnavailable("cannot read product " + sku + " from inventory-service", e, retryAfter);
        }
        if (response == null) {
            return Optional.empty();
        }
        return Optional.of(toProduct(sku, response));
    }

    /**
     * One attempt: the product, or {@code null} for a 404.
     *
     * @throws RestClientResponseException for any other status than 2xx and 404
     * @throws RestClientException when there is no answer ({@code ResourceAccessException}) or its body cannot be
     *     read
     */
    private ProductResponse fetch(String sku) {
        return http.get().uri("/api/products/{sku}", sku).exchange((request, answer) -> {
            HttpStatusCode status = answer.getStatusCode();
            if (status.value() == HttpStatus.NOT_FOUND.value()) {
                return null;
            }
            if (!status.is2xxSuccessful()) {
                log.debug("inventory-service answered {} for product {}", status.value(), sku);
                throw answer.createException();
            }
            return answer.bodyTo(ProductResponse.class);
        });
    }

    /** The breaker's fallback: the attempt's own exception goes on to the retry and the caller unchanged. */
    private static <T> T rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("inventory-service call failed", failure);
    }

    private Product toProduct(String sku, ProductResponse response) {
        if (response.price() == null
                || response.price().amount() == null
                || response.price().currency() == null) {
            throw new InventoryUnavailable(
                    "inventory-service answered product " + sku + " without a price", retryAfter);
        }
        try {
            return new Product(
                    sku, Money.of(response.price().amount(), response.price().currency()));
        } catch (IllegalArgumentException e) {
            throw new InventoryUnavailable(
                    "inventory-service answered an invalid price for product " + sku, e, retryAfter);
        }
    }

    /** The parts of inventory-service's product representation read here; other fields are ignored. */
    record ProductResponse(String sku, PriceResponse price) {}

    record PriceResponse(String amount, String currency) {}
}
