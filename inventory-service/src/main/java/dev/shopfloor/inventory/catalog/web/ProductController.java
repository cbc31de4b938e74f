package dev.shopfloor.inventory.catalog.web;

import dev.shopfloor.inventory.cache.ProductCache;
import dev.shopfloor.inventory.catalog.Catalog;
import dev.shopfloor.inventory.catalog.CatalogItem;
import dev.shopfloor.inventory.catalog.Money;
import dev.shopfloor.inventory.catalog.Page;
import dev.shopfloor.inventory.catalog.Product;
import dev.shopfloor.inventory.catalog.Sku;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog's HTTP API (DESIGN.md §8): {@code PUT /api/products/{sku}}, {@code GET /api/products/{sku}},
 * {@code GET /api/products?page=&size=}. Errors are {@code application/problem+json}: {@code 400} for a malformed
 * SKU, body or page request, {@code 404} for an unknown SKU, {@code 422} for a price that is not positive, has more
 * than two decimals or is not in the platform currency. {@code GET /api/products/{sku}} is served through the Redis
 * cache ({@link ProductCache}).
 */
@RestController
@RequestMapping("/api/products")
class ProductController {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    /** A price as JSON: the amount as a decimal string and the ISO 4217 currency code. */
    record PriceJson(
            @NotBlank @Pattern(regexp = "-?[0-9]{1,30}(\\.[0-9]{1,30})?", message = "must be a decimal number")
            String amount,

            @NotBlank String currency) {}

    /** The body of {@code PUT /api/products/{sku}}. */
    record PutProductRequest(
            @NotBlank
            @Size(max = Product.MAX_NAME_LENGTH)
            @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
            String name,

            @NotNull @Valid PriceJson price) {}

    /** A product as the API shows it; {@code available} is on hand minus reserved. */
    record ProductJson(String sku, String name, PriceJson price, int available) {

        static ProductJson of(CatalogItem item) {
            Product product = item.product();
            return new ProductJson(
                    product.sku().value(),
                    product.name(),
                    new PriceJson(
                            product.price().amountText(),
                            product.price().currency().getCurrencyCode()),
                    item.available());
        }
    }

    /** A page of products, sorted by SKU. */
    record ProductPageJson(List<ProductJson> content, int page, int size, long totalElements, long totalPages) {}

    private static final String CACHE_FORMAT = "1|";

    private final Catalog catalog;
    private final ProductCache cache;
    private final JsonMapper json;

    ProductController(Catalog catalog, ProductCache cache, JsonMapper json) {
        this.catalog = catalog;
        this.cache = cache;
        this.json = json;
    }

    @PutMapping("/{sku}")
    ResponseEntity<ProductJson> put(@PathVariable String sku, @Valid @RequestBody PutProductRequest request) {
        Product product = new Product(
                Sku.of(sku),
                request.name(),
                Money.of(
                        new BigDecimal(request.price().amount()),
                        request.price().currency()));
        Catalog.Put put = catalog.put(product);
        ProductJson body = ProductJson.of(put.item());
        if (put.created()) {
            return ResponseEntity.created(URI.create("/api/products/" + body.sku()))
                    .body(body);
        }
        return ResponseEntity.ok(body);
    }

    @GetMapping("/{sku}")
    ProductJson get(@PathVariable String sku) {
        Sku valid = Sku.of(sku);
        return cache.get(
                valid.value(),
                value -> value.startsWith(CACHE_FORMAT)
                        ? Optional.of(json.readValue(value.substring(CACHE_FORMAT.length()), ProductJson.class))
                        : Optional.empty(),
                product -> CACHE_FORMAT + json.writeValueAsString(product),
                () -> ProductJson.of(catalog.get(valid)));
    }

    @GetMapping
    ProductPageJson list(
            @RequestParam(defaultValue = "0") @PositiveOrZero int page,
            @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        Page<CatalogItem> result = catalog.list(page, size);
        return new ProductPageJson(
                result.content().stream().map(ProductJson::of).toList(),
                result.page(),
                result.size(),
                result.totalElements(),
                result.totalPages());
    }
}
