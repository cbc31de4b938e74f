package dev.shopfloor.inventory.stock.persistence;

import dev.shopfloor.inventory.cache.ProductCache;
import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.stock.Stock;
import dev.shopfloor.inventory.stock.Stocks;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link Stocks} in the {@code stock} table. */
@Repository
class JdbcStocks implements Stocks {

    private final JdbcClient jdbc;
    private final ProductCache cache;

    JdbcStocks(JdbcClient jdbc, ProductCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    @Override
    public Optional<Stock> find(Sku sku) {
        return jdbc.sql("select sku, on_hand, reserved from stock where sku = :sku")
                .param("sku", sku.value())
                .query(JdbcStocks::stock)
                .optional();
    }

    @Override
    public List<Stock> lock(Collection<Sku> skus) {
        if (skus.isEmpty()) {
            return List.of();
        }
        // The sort sits below the row lock in the plan, so rows are locked in SKU order: two transactions that
        // want overlapping SKUs queue up on the first shared row instead of deadlocking.
        return jdbc.sql("select sku, on_hand, reserved from stock where sku in (:skus) order by sku for update")
                .param("skus", skus.stream().map(Sku::value).distinct().toList())
                .query(JdbcStocks::stock)
                .list();
    }

    @Override
    public void save(Collection<Stock> stocks) {
        for (Stock stock : stocks) {
            int updated = jdbc.sql("update stock set on_hand = :onHand, reserved = :reserved where sku = :sku")
                    .param("onHand", stock.onHand())
                    .param("reserved", stock.reserved())
                    .param("sku", stock.sku().value())
                    .update();
            if (updated != 1) {
                throw new IncorrectUpdateSemanticsDataAccessException("no stock row for " + stock.sku());
            }
        }
        // A product's answer shows its available stock.
        cache.evictAfterCommit(stocks.stream().map(stock -> stock.sku().value()).toList());
    }

    private static Stock stock(ResultSet row, int rowNum) throws SQLException {
        return new Stock(Sku.of(row.getString("sku")), row.getInt("on_hand"), row.getInt("reserved"));
    }
}
