package dev.shopfloor.inventory.stock.web;

import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.stock.Stock;
import dev.shopfloor.inventory.stock.StockKeeping;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stock's HTTP API (DESIGN.md §8): {@code POST /api/products/{sku}/stock} adds received units, {@code GET}
 * reads the level. Errors: {@code 400} for a malformed SKU or a quantity below 1, {@code 404} for an unknown SKU,
 * {@code 422} when the stock would overflow.
 */
@RestController
@RequestMapping("/api/products/{sku}/stock")
class StockController {

    /** The body of {@code POST}: units received, added to the stock on hand. */
    record ReceiveStockRequest(@NotNull @Min(1) Integer quantity) {}

    /** A stock level in units; {@code available = onHand - reserved}. */
    record StockJson(String sku, int onHand, int reserved, int available) {

        static StockJson of(Stock stock) {
            return new StockJson(stock.sku().value(), stock.onHand(), stock.reserved(), stock.available());
        }
    }

    private final StockKeeping stockKeeping;

    StockController(StockKeeping stockKeeping) {
        this.stockKeeping = stockKeeping;
    }

    @PostMapping
    StockJson receive(@PathVariable String sku, @Valid @RequestBody ReceiveStockRequest request) {
        return StockJson.of(stockKeeping.receive(Sku.of(sku), request.quantity()));
    }

    @GetMapping
    StockJson level(@PathVariable String sku) {
        return StockJson.of(stockKeeping.level(Sku.of(sku)));
    }
}
