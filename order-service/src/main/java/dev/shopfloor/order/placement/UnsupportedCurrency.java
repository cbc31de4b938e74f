package dev.shopfloor.order.placement;

import java.util.Currency;

/** Thrown when a product is priced in another currency than the platform's, so it cannot be ordered. */
public class UnsupportedCurrency extends RuntimeException {

    private final String sku;
    private final Currency currency;

    public UnsupportedCurrency(String sku, Currency currency, Currency platformCurrency) {
        super("product " + sku + " is priced in " + currency.getCurrencyCode() + "; orders are in "
                + platformCurrency.getCurrencyCode());
        this.sku = sku;
        this.currency = currency;
    }

    public String sku() {
        return sku;
    }

    public Currency currency() {
        return currency;
    }
}
