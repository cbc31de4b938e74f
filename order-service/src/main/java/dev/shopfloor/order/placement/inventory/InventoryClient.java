package dev.shopfloor.order.placement.inventory;

import dev.shopfloor.order.config.OrderProperties;
import dev.shopfloor.order.domain.Money;
import java.net.http.HttpClient;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reads products from inventory-service's catalog over HTTP: {@code GET {inventory-url}/api/products/{sku}}, which
 * answers {@code {sku, name, price: {amount, currency}, available}} or 404 for an unknown sku.
 *
 * <p>The one place the service talks to inventory-service, so resilience (a circuit breaker, retries) can be added
 * here alone. Connect and read timeouts come from {@code shopfloor.order.inventory-client.*}.
 */
@Component
public class InventoryClient {

    private static final Logger log = LoggerFactory.getLogger(InventoryClient.class);

    private final RestClient http;

    public InventoryClient(RestClient.Builder builder, OrderProperties properties) {
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
    }

    /**
     * The product with {@code sku}.
     *
     * @return empty when inventory-service does not know the sku (404)
     * @throws InventoryUnavailable when inventory-service cannot be reached, times out, answers with another error
     *     status or with a body that is not a product
     */
    public Optional<Product> product(String sku) {
        ProductResponse response;
        try {
            response = http.get().uri("/api/products/{sku}", sku).exchange((request, answer) -> {
                HttpStatusCode status = answer.getStatusCode();
                if (status.value() == HttpStatus.NOT_FOUND.value()) {
                    return null;
                }
                if (!status.is2xxSuccessful()) {
                    log.warn("inventory-service answered {} for product {}", status.value(), sku);
                    throw new InventoryUnavailable(
                            "inventory-service answered " + status.value() + " for product " + sku);
                }
                return answer.bodyTo(ProductResponse.class);
            });
        } catch (RestClientException e) {
            log.warn("cannot read product {} from inventory-service: {}", sku, e.toString());
            throw new InventoryUnavailable("cannot read product " + sku + " from inventory-service", e);
        }
        if (response == null) {
            return Optional.empty();
        }
        return Optional.of(toProduct(sku, response));
    }

    private static Product toProduct(String sku, ProductResponse response) {
        if (response.price() == null
                || response.price().amount() == null
                || response.price().currency() == null) {
            throw new InventoryUnavailable("inventory-service answered product " + sku + " without a price");
        }
        try {
            return new Product(
                    sku, Money.of(response.price().amount(), response.price().currency()));
        } catch (IllegalArgumentException e) {
            throw new InventoryUnavailable("inventory-service answered an invalid price for product " + sku, e);
        }
    }

    /** The parts of inventory-service's product representation read here; other fields are ignored. */
    record ProductResponse(String sku, PriceResponse price) {}

    record PriceResponse(String amount, String currency) {}
}
