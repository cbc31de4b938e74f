package dev.shopfloor.order.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A customer's request to place an order, checked in its constructor: a {@code PlaceOrder} that exists is valid.
 *
 * <p>Rules: {@code customerId} matches {@link #CUSTOMER_ID}; 1 to {@link #MAX_LINES} items; each sku matches
 * {@link OrderLine#SKU} and appears once; each quantity is 1 to {@link #MAX_QUANTITY}.
 *
 * @param customerId who orders
 * @param items what, in the order the customer listed it
 * @throws InvalidOrder listing every broken rule
 */
public record PlaceOrder(String customerId, List<Item> items) {

    /**
     * Shape of a customer id: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter or
     * digit (the message contracts' CustomerId requires the first character to be one).
     */
    public static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}");

    /** The most lines one order may have. */
    public static final int MAX_LINES = 100;

    /** The most units of one sku one order may ask for (keeps totals far from the numeric(19,2) limit). */
    public static final int MAX_QUANTITY = 10_000;

    /**
     * One requested line.
     *
     * @param sku the product
     * @param quantity how many units; {@code null} when the request left it out (reported as a violation)
     */
    public record Item(String sku, Integer quantity) {}

    public PlaceOrder {
        List<Violation> violations = new ArrayList<>();
        if (customerId == null || customerId.isEmpty()) {
            violations.add(new Violation("customerId", "is required"));
        } else if (!CUSTOMER_ID.matcher(customerId).matches()) {
            violations.add(new Violation(
                    "customerId", "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        if (items == null || items.isEmpty()) {
            violations.add(new Violation("items", "must list at least one item"));
        } else if (items.size() > MAX_LINES) {
            violations.add(new Violation("items", "must list at most " + MAX_LINES + " items, was " + items.size()));
        } else {
            checkItems(items, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidOrder(violations);
        }
        items = List.copyOf(items);
    }

    private static void checkItems(List<Item> items, List<Violation> violations) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String at = "items[" + i + "]";
            if (item == null) {
                violations.add(new Violation(at, "must be an object with sku and quantity"));
                continue;
            }
            if (item.sku() == null || item.sku().isEmpty()) {
                violations.add(new Violation(at + ".sku", "is required"));
            } else if (!OrderLine.SKU.matcher(item.sku()).matches()) {
                violations.add(new Violation(
                        at + ".sku", "must be 2 to 40 upper-case letters, digits or '-', not starting with '-'"));
            } else if (!seen.add(item.sku())) {
                violations.add(new Violation(at + ".sku", "sku " + item.sku() + " is already listed; merge the lines"));
            }
            if (item.quantity() == null) {
                violations.add(new Violation(at + ".quantity", "is required"));
            } else if (item.quantity() < 1) {
                violations.add(new Violation(at + ".quantity", "must be at least 1, was " + item.quantity()));
            } else if (item.quantity() > MAX_QUANTITY) {
                violations.add(new Violation(
                        at + ".quantity", "must be at most " + MAX_QUANTITY + ", was " + item.quantity()));
            }
        }
    }

    /** The skus asked for, in request order. */
    public List<String> skus() {
        return items.stream().map(Item::sku).toList();
    }

    /**
     * A SHA-256 (lower-case hex) of the request's canonical form: the customer and the lines sorted by sku. Two
     * requests that ask for the same thing have the same hash, whatever their JSON formatting or line order.
     */
    public String requestHash() {
        StringBuilder canonical = new StringBuilder("customerId=").append(customerId);
        items.stream()
                .sorted(Comparator.comparing(Item::sku))
                .forEach(item ->
                        canonical.append('\n').append(item.sku()).append('=').append(item.quantity()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
