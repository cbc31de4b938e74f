package dev.shopfloor.inventory.catalog.persistence;

import dev.shopfloor.inventory.cache.ProductCache;
import dev.shopfloor.inventory.catalog.CatalogItem;
import dev.shopfloor.inventory.catalog.Money;
import dev.shopfloor.inventory.catalog.Page;
import dev.shopfloor.inventory.catalog.Product;
import dev.shopfloor.inventory.catalog.Products;
import dev.shopfloor.inventory.catalog.Sku;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link Products} in the {@code product} and {@code stock} tables. */
@Repository
class JdbcProducts implements Products {

    private static final String SELECT_ITEM = """
            select p.sku, p.name, p.price_amount, p.price_currency, s.on_hand - s.reserved as available
            from product p join stock s on s.sku = p.sku
            """;

    private final JdbcClient jdbc;
    private final ProductCache cache;

    JdbcProducts(JdbcClient jdbc, ProductCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    @Override
    public boolean upsert(Product product) {
        // xmax = 0 only on a freshly inserted row version: tells "created" from "updated" in one statement,
        // without a racy read-then-write.
        boolean inserted = jdbc.sql("""
                        insert into product (sku, name, price_amount, price_currency)
                        values (:sku, :name, :amount, :currency)
                        on conflict (sku) do update
                        set name = excluded.name, price_amount = excluded.price_amount,
                            price_currency = excluded.price_currency, updated_at = now()
                        returning (xmax = 0) as inserted
                        """)
                .param("sku", product.sku().value())
                .param("name", product.name())
                .param("amount", product.price().amount())
                .param("currency", product.price().currency().getCurrencyCode())
                .query(Boolean.class)
                .single();
        jdbc.sql("insert into stock (sku) values (:sku) on conflict (sku) do nothing")
                .param("sku", product.sku().value())
                .update();
        cache.evictAfterCommit(List.of(product.sku().value()));
        return inserted;
    }

    @Override
    public Optional<CatalogItem> find(Sku sku) {
        return jdbc.sql(SELECT_ITEM + " where p.sku = :sku")
                .param("sku", sku.value())
                .query(JdbcProducts::item)
                .optional();
    }

    @Override
    public Page<CatalogItem> page(int page, int size) {
        List<CatalogItem> content = jdbc.sql(SELECT_ITEM + " order by p.sku limit :size offset :offset")
                .param("size", size)
                .param("offset", (long) page * size)
                .query(JdbcProducts::item)
                .list();
        long total = jdbc.sql("select count(*) from product").query(Long.class).single();
        return new Page<>(content, page, size, total);
    }

    private static CatalogItem item(ResultSet row, int rowNum) throws SQLException {
        Product product = new Product(
                Sku.of(row.getString("sku")),
                row.getString("name"),
                Money.of(row.getBigDecimal("price_amount"), row.getString("price_currency")));
        return new CatalogItem(product, row.getInt("available"));
    }
}
