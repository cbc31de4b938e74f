package dev.shopfloor.inventory.stock;

import dev.shopfloor.inventory.catalog.ProductNotFound;
import dev.shopfloor.inventory.catalog.Sku;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stock feature: receive units into stock and read stock levels. A receipt is logged as a {@code RECEIVED}
 * movement together with the change of the stock on hand.
 */
@Service
public class StockKeeping {

    private final Stocks stocks;

    public StockKeeping(Stocks stocks) {
        this.stocks = stocks;
    }

    /**
     * Adds {@code quantity} units to the product's stock on hand.
     *
     * @return the stock after the change
     * @throws ProductNotFound when no product has this SKU
     * @throws IllegalStockChange when {@code quantity < 1} or the stock would overflow
     */
    @Transactional
    public Stock receive(Sku sku, int quantity) {
        Stock stock = stocks.lock(List.of(sku)).stream().findFirst().orElseThrow(() -> new ProductNotFound(sku));
        StockChange received = stock.apply(new StockMovement.Received(sku, quantity));
        stocks.save(List.of(received));
        return received.after();
    }

    /** @throws ProductNotFound when no product has this SKU */
    @Transactional(readOnly = true)
    public Stock level(Sku sku) {
        return stocks.find(sku).orElseThrow(() -> new ProductNotFound(sku));
    }
}
