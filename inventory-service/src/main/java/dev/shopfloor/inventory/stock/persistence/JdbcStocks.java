package dev.shopfloor.inventory.stock.persistence;

import dev.shopfloor.inventory.cache.ProductCache;
import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.stock.Stock;
import dev.shopfloor.inventory.stock.StockChange;
import dev.shopfloor.inventory.stock.StockMovement;
import dev.shopfloor.inventory.stock.Stocks;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** {@link Stocks} in the {@code stock} table, with the stock movement log in {@code stock_movement}. */
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

    /**
     * Updates each row only if it still holds what was read (it is locked, so it does), then appends the movement.
     * Mandatory transaction: outside one, the update and the insert would commit apart, and a failing insert would
     * leave a change without its movement.
     */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void save(Collection<StockChange> changes) {
        for (StockChange change : changes) {
            Stock before = change.before();
            Stock after = change.after();
            int updated = jdbc.sql("""
                            update stock set on_hand = :onHand, reserved = :reserved
                            where sku = :sku and on_hand = :onHandBefore and reserved = :reservedBefore
                            """)
                    .param("onHand", after.onHand())
                    .param("reserved", after.reserved())
                    .param("sku", after.sku().value())
                    .param("onHandBefore", before.onHand())
                    .param("reservedBefore", before.reserved())
                    .update();
            if (updated != 1) {
                throw new IncorrectUpdateSemanticsDataAccessException(
                        "the stock row of " + after.sku() + " is missing or no longer " + before);
            }
            StockMovement movement = change.movement();
            jdbc.sql("""
                            insert into stock_movement (sku, kind, quantity, order_id)
                            values (:sku, :kind, :quantity, :orderId)
                            """)
                    .param("sku", movement.sku().value())
                    .param("kind", kind(movement))
                    .param("quantity", movement.quantity())
                    .param("orderId", orderId(movement), Types.BIGINT)
                    .update();
        }
        // A product's answer shows its available stock.
        cache.evictAfterCommit(
                changes.stream().map(change -> change.after().sku().value()).toList());
    }

    private static String kind(StockMovement movement) {
        return switch (movement) {
            case StockMovement.Received received -> "RECEIVED";
            case StockMovement.Reserved reserved -> "RESERVED";
            case StockMovement.Released released -> "RELEASED";
            case StockMovement.Committed committed -> "COMMITTED";
        };
    }

    private static Long orderId(StockMovement movement) {
        return switch (movement) {
            case StockMovement.Received received -> null;
            case StockMovement.Reserved reserved -> reserved.orderId();
            case StockMovement.Released released -> released.orderId();
            case StockMovement.Committed committed -> committed.orderId();
        };
    }

    private static Stock stock(ResultSet row, int rowNum) throws SQLException {
        return new Stock(Sku.of(row.getString("sku")), row.getInt("on_hand"), row.getInt("reserved"));
    }
}
