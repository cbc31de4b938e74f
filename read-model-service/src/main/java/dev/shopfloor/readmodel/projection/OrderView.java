package dev.shopfloor.readmodel.projection;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The denormalized view of one order, joined from four tables of three databases: the order and its lines
 * ({@code orders}, {@code order_item} in {@code orders}), its payment authorization ({@code payment_authorization} in
 * {@code payments}) and its stock reservation lines ({@code reservation} in {@code inventory}).
 *
 * <p>Each source table owns one part of the view, and a change replaces only its own part with the row's new state (or
 * removes it on a delete). Parts of different sources therefore do not depend on each other: a view converges to the
 * same state whatever order the sources' changes arrive in, and a view may be partial (a payment before its order) until
 * the rest arrives. Only a view with its {@link #header()} is an order that queries show.
 *
 * <p>Immutable; {@link #apply} returns a new view.
 *
 * @param orderId the order's Snowflake id
 * @param header the order row, or null until it arrived (or after it was deleted)
 * @param items the order's lines by line number (position in the customer's request, from 0)
 * @param payment the payment authorization, or null
 * @param reservations the stock reservation lines by SKU
 */
public record OrderView(
        long orderId,
        Header header,
        SortedMap<Integer, Item> items,
        Payment payment,
        SortedMap<String, Reservation> reservations) {

    public OrderView {
        items = Collections.unmodifiableSortedMap(new TreeMap<>(items));
        reservations = Collections.unmodifiableSortedMap(new TreeMap<>(reservations));
    }

    /** A view with no part yet. */
    public static OrderView empty(long orderId) {
        return new OrderView(orderId, null, new TreeMap<>(), null, new TreeMap<>());
    }

    /**
     * The order row.
     *
     * @param total the order total, exact ({@code numeric(19,2)}, scale 2)
     * @param createdAt the instant as stored, independent of any time zone
     */
    public record Header(
            String customerId,
            String status,
            String rejectionReason,
            BigDecimal total,
            String currency,
            Instant createdAt,
            Instant updatedAt) {}

    /** One order line, price as snapshotted at placement. */
    public record Item(String sku, int quantity, BigDecimal unitPrice, String currency) {}

    /**
     * The payment authorization of the order.
     *
     * @param status {@code AUTHORIZED}, {@code DECLINED}, {@code VOIDED} or {@code CAPTURED}
     * @param declineReason {@code NO_ACCOUNT} or {@code INSUFFICIENT_CREDIT} when declined, else null
     */
    public record Payment(String status, String declineReason, BigDecimal amount, String currency, Instant updatedAt) {}

    /**
     * One reserved line.
     *
     * @param status {@code RESERVED}, {@code RELEASED} or {@code COMMITTED}
     */
    public record Reservation(int quantity, String status, Instant updatedAt) {}

    /**
     * The order a row change belongs to, for the tables this view is made of.
     *
     * @return empty for a table the view does not use, or a row without its order id
     */
    public static OptionalLong orderIdOf(RowChange change) {
        String column = switch (change.table()) {
            case "orders" -> "id";
            case "order_item", "payment_authorization", "reservation" -> "order_id";
            default -> null;
        };
        Object id = column == null ? null : change.row().get(column);
        return id instanceof Number number ? OptionalLong.of(number.longValue()) : OptionalLong.empty();
    }

    /**
     * This view with the change's part replaced by the row's new state, or removed on a delete.
     *
     * @throws IllegalArgumentException when the change belongs to another order or another table
     */
    public OrderView apply(RowChange change) {
        if (orderIdOf(change).orElse(-1) != orderId) {
            throw new IllegalArgumentException("change of " + change.table() + " does not belong to order " + orderId);
        }
        boolean delete = change.operation() == RowChange.Operation.DELETE;
        Map<String, Object> row = change.row();
        return switch (change.table()) {
            case "orders" -> new OrderView(orderId, delete ? null : header(row), items, payment, reservations);
            case "order_item" -> {
                SortedMap<Integer, Item> changed = new TreeMap<>(items);
                int lineNo = integer(row, "line_no");
                if (delete) {
                    changed.remove(lineNo);
                } else {
                    changed.put(
                            lineNo,
                            new Item(
                                    text(row, "sku"),
                                    integer(row, "quantity"),
                                    decimal(row, "unit_price"),
                                    text(row, "currency")));
                }
                yield new OrderView(orderId, header, changed, payment, reservations);
            }
            case "payment_authorization" ->
                new OrderView(
                        orderId,
                        header,
                        items,
                        delete
                                ? null
                                : new Payment(
                                        text(row, "status"),
                                        text(row, "decline_reason"),
                                        decimal(row, "amount"),
                                        text(row, "currency"),
                                        instant(row, "updated_at")),
                        reservations);
            case "reservation" -> {
                SortedMap<String, Reservation> changed = new TreeMap<>(reservations);
                String sku = text(row, "sku");
                if (delete) {
                    changed.remove(sku);
                } else {
                    changed.put(
                            sku,
                            new Reservation(integer(row, "quantity"), text(row, "status"), instant(row, "updated_at")));
                }
                yield new OrderView(orderId, header, items, payment, changed);
            }
            default -> throw new IllegalArgumentException("not a table of the order view: " + change.table());
        };
    }

    /** Whether the order itself is known: only then do queries show it. */
    public boolean isComplete() {
        return header != null;
    }

    /** Whether no source has a part of this view any more: the view can be forgotten. */
    public boolean isEmpty() {
        return header == null && items.isEmpty() && payment == null && reservations.isEmpty();
    }

    /**
     * The reservation's status: the status all lines share ({@code RESERVED}, {@code RELEASED}, {@code COMMITTED}),
     * {@code PARTIAL} while its lines disagree, or null when nothing was reserved.
     */
    public String reservationStatus() {
        if (reservations.isEmpty()) {
            return null;
        }
        String first = reservations.values().iterator().next().status();
        boolean same =
                reservations.values().stream().allMatch(line -> line.status().equals(first));
        return same ? first : "PARTIAL";
    }

    /** The payment's status, or null when no payment was asked for. */
    public String paymentStatus() {
        return payment == null ? null : payment.status();
    }

    private static Header header(Map<String, Object> row) {
        return new Header(
                text(row, "customer_id"),
                text(row, "status"),
                text(row, "rejection_reason"),
                decimal(row, "total_amount"),
                text(row, "currency"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : value.toString().strip();
    }

    private static int integer(Map<String, Object> row, String column) {
        Object value = Objects.requireNonNull(row.get(column), column);
        return value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString());
    }

    /** Exact: {@code numeric} arrives as its decimal string (Debezium's {@code decimal.handling.mode=string}). */
    private static BigDecimal decimal(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : new BigDecimal(value.toString());
    }

    /** {@code timestamptz} arrives as ISO-8601 with an offset; the instant does not depend on the JVM's zone. */
    private static Instant instant(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        return OffsetDateTime.parse(value.toString()).toInstant();
    }
}
