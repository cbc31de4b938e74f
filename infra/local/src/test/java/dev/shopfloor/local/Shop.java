package dev.shopfloor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.local.ApiClient.Answer;
import java.util.Map;

/**
 * The catalog and account set-up the end-to-end suites share, through the gateway's public API (DESIGN.md §8), each
 * call checked: a product with a price in EUR and stock on hand, a customer's credit account.
 */
final class Shop {

    private Shop() {}

    /**
     * Creates or updates {@code sku} at {@code price} (EUR, a decimal string) and receives {@code stock} units of it.
     *
     * @throws AssertionError when the gateway answers other than 200/201, then 200
     */
    static void product(ApiClient api, String sku, String price, int stock) {
        Answer put = api.put(
                "/api/products/" + sku,
                Map.of("name", "Test " + sku, "price", Map.of("amount", price, "currency", "EUR")));
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        Answer added = api.post("/api/products/" + sku + "/stock", Map.of("quantity", stock));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
    }

    /**
     * Opens or updates {@code customerId}'s account with a credit limit of {@code limit} (EUR, a decimal string).
     *
     * @throws AssertionError when the gateway answers other than 200/201
     */
    static void account(ApiClient api, String customerId, String limit) {
        Answer put = api.put(
                "/api/customers/" + customerId + "/account",
                Map.of("creditLimit", Map.of("amount", limit, "currency", "EUR")));
        assertThat(put.status()).as(put.body()).isIn(200, 201);
    }
}
