package dev.shopfloor.readmodel.projection.persistence;

import dev.shopfloor.readmodel.projection.Generation;
import dev.shopfloor.readmodel.projection.OrderView;
import dev.shopfloor.readmodel.projection.OrderViews;
import dev.shopfloor.readmodel.projection.Position;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Order views in tables {@code order_view}, {@code order_view_item}, {@code order_view_reservation} and positions in
 * {@code source_position} of a generation's schema ({@code db/projection/generation.sql}).
 *
 * <p>Times are written and read as {@link OffsetDateTime} in UTC to and from {@code timestamptz}, so neither the JVM's
 * nor the session's time zone moves them; amounts as {@link java.math.BigDecimal} to and from {@code numeric(19,2)}.
 */
@Repository
class JdbcOrderViews implements OrderViews {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    JdbcOrderViews(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    @Override
    public boolean advance(Generation generation, String source, Position position) {
        // LSNs are unsigned 64-bit numbers kept in signed bigint columns: flipping the sign bit (# is XOR) makes the
        // signed row comparison order them as Position.compareTo does (unsigned).
        String unsigned = " # cast(-9223372036854775808 as bigint)";
        int written = jdbc.sql("insert into " + generation.schema() + """
                        .source_position as p (source, commit_lsn, lsn, updated_at)
                        values (:source, :commit, :lsn, now())
                        on conflict (source) do update set commit_lsn = excluded.commit_lsn,
                            lsn = excluded.lsn, updated_at = now()
                        """
                        + " where (p.commit_lsn" + unsigned + ", p.lsn" + unsigned + ")"
                        + " < (excluded.commit_lsn" + unsigned + ", excluded.lsn" + unsigned + ")")
                .param("source", source)
                .param("commit", position.commitLsn())
                .param("lsn", position.lsn())
                .update();
        return written == 1;
    }

    @Override
    public Map<Long, OrderView> lockAndLoad(Generation generation, Collection<Long> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        // In ascending order, so two projections locking overlapping orders cannot deadlock.
        for (long id : new TreeSet<>(orderIds)) {
            jdbc.sql("select pg_advisory_xact_lock(:id)")
                    .param("id", id)
                    .query()
                    .singleRow();
        }
        return load(generation, orderIds, false);
    }

    @Override
    public void save(Generation generation, Map<Long, OrderView> before, List<OrderView> views) {
        String schema = generation.schema();
        for (OrderView view : views) {
            OrderView old = before.get(view.orderId());
            if (view.isEmpty()) {
                if (old != null) { // items and reservations go with it (on delete cascade)
                    jdbc.sql("delete from " + schema + ".order_view where order_id = :id")
                            .param("id", view.orderId())
                            .update();
                }
                continue;
            }
            if (view.equals(old)) {
                continue;
            }
            if (old == null
                    || !Objects.equals(old.header(), view.header())
                    || !Objects.equals(old.payment(), view.payment())
                    || !Objects.equals(old.reservationStatus(), view.reservationStatus())) {
                upsertRow(schema, view);
            }
            saveItems(schema, view.orderId(), old == null ? Map.of() : old.items(), view.items());
            saveReservations(schema, view.orderId(), old == null ? Map.of() : old.reservations(), view.reservations());
        }
    }

    private void upsertRow(String schema, OrderView view) {
        OrderView.Header h = view.header();
        OrderView.Payment p = view.payment();
        jdbc.sql("insert into " + schema + """
                        .order_view (order_id, customer_id, status, rejection_reason, total_amount, currency,
                            created_at, updated_at, payment_status, payment_decline_reason, payment_amount,
                            payment_currency, payment_updated_at, reservation_status)
                        values (:id, :customerId, :status, :reason, :total, :currency, :createdAt, :updatedAt,
                            :paymentStatus, :declineReason, :paymentAmount, :paymentCurrency, :paymentUpdatedAt,
                            :reservationStatus)
                        on conflict (order_id) do update set customer_id = excluded.customer_id,
                            status = excluded.status, rejection_reason = excluded.rejection_reason,
                            total_amount = excluded.total_amount, currency = excluded.currency,
                            created_at = excluded.created_at, updated_at = excluded.updated_at,
                            payment_status = excluded.payment_status,
                            payment_decline_reason = excluded.payment_decline_reason,
                            payment_amount = excluded.payment_amount, payment_currency = excluded.payment_currency,
                            payment_updated_at = excluded.payment_updated_at,
                            reservation_status = excluded.reservation_status
                        """)
                .param("id", view.orderId())
                .param("customerId", h == null ? null : h.customerId())
                .param("status", h == null ? null : h.status())
                .param("reason", h == null ? null : h.rejectionReason())
                .param("total", h == null ? null : h.total())
                .param("currency", h == null ? null : h.currency())
                .param("createdAt", h == null ? null : utc(h.createdAt()))
                .param("updatedAt", h == null ? null : utc(h.updatedAt()))
                .param("paymentStatus", p == null ? null : p.status())
                .param("declineReason", p == null ? null : p.declineReason())
                .param("paymentAmount", p == null ? null : p.amount())
                .param("paymentCurrency", p == null ? null : p.currency())
                .param("paymentUpdatedAt", p == null ? null : utc(p.updatedAt()))
                .param("reservationStatus", view.reservationStatus())
                .update();
    }

    /** Deletes the lines that are gone and writes the new or changed ones; a line unchanged is not written. */
    private void saveItems(
            String schema, long orderId, Map<Integer, OrderView.Item> old, Map<Integer, OrderView.Item> now) {
        List<Integer> gone =
                old.keySet().stream().filter(line -> !now.containsKey(line)).toList();
        if (!gone.isEmpty()) {
            jdbc.sql("delete from " + schema + ".order_view_item where order_id = :id and line_no in (:lines)")
                    .param("id", orderId)
                    .param("lines", gone)
                    .update();
        }
        now.forEach((lineNo, item) -> {
            if (item.equals(old.get(lineNo))) {
                return;
            }
            jdbc.sql("insert into " + schema + """
                            .order_view_item (order_id, line_no, sku, quantity, unit_price, currency)
                            values (:id, :lineNo, :sku, :quantity, :unitPrice, :currency)
                            on conflict (order_id, line_no) do update set sku = excluded.sku,
                                quantity = excluded.quantity, unit_price = excluded.unit_price,
                                currency = excluded.currency
                            """)
                    .param("id", orderId)
                    .param("lineNo", lineNo)
                    .param("sku", item.sku())
                    .param("quantity", item.quantity())
                    .param("unitPrice", item.unitPrice())
                    .param("currency", item.currency())
                    .update();
        });
    }

    /** Deletes the reservation lines that are gone and writes the new or changed ones. */
    private void saveReservations(
            String schema,
            long orderId,
            Map<String, OrderView.Reservation> old,
            Map<String, OrderView.Reservation> now) {
        List<String> gone =
                old.keySet().stream().filter(sku -> !now.containsKey(sku)).toList();
        if (!gone.isEmpty()) {
            jdbc.sql("delete from " + schema + ".order_view_reservation where order_id = :id and sku in (:skus)")
                    .param("id", orderId)
                    .param("skus", gone)
                    .update();
        }
        now.forEach((sku, line) -> {
            if (line.equals(old.get(sku))) {
                return;
            }
            jdbc.sql("insert into " + schema + """
                            .order_view_reservation (order_id, sku, quantity, status, updated_at)
                            values (:id, :sku, :quantity, :status, :updatedAt)
                            on conflict (order_id, sku) do update set quantity = excluded.quantity,
                                status = excluded.status, updated_at = excluded.updated_at
                            """)
                    .param("id", orderId)
                    .param("sku", sku)
                    .param("quantity", line.quantity())
                    .param("status", line.status())
                    .param("updatedAt", utc(line.updatedAt()))
                    .update();
        });
    }

    @Override
    public Optional<OrderView> find(Generation generation, long orderId) {
        return Optional.ofNullable(load(generation, List.of(orderId), true).get(orderId));
    }

    @Override
    public Page page(Generation generation, String customerId, String status, int page, int size) {
        String schema = generation.schema();
        String where = " where customer_id is not null"
                + (customerId == null ? "" : " and customer_id = :customerId")
                + (status == null ? "" : " and status = :status");
        Map<String, Object> filters = new HashMap<>();
        if (customerId != null) {
            filters.put("customerId", customerId);
        }
        if (status != null) {
            filters.put("status", status);
        }
        long total = jdbc.sql("select count(*) from " + schema + ".order_view" + where)
                .params(filters)
                .query(Long.class)
                .single();
        List<Long> ids = jdbc.sql("select order_id from " + schema + ".order_view" + where
                        + " order by created_at desc, order_id desc limit :limit offset :offset")
                .params(filters)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(Long.class)
                .list();
        Map<Long, OrderView> views = load(generation, ids, true);
        List<OrderView> content = new ArrayList<>();
        for (long id : ids) {
            OrderView view = views.get(id);
            if (view != null) {
                content.add(view);
            }
        }
        return new Page(content, total);
    }

    /**
     * The views of these orders: their rows, lines and reservations, read with three statements sent together (one
     * round trip to the database; pgjdbc sends the statements of one {@code PreparedStatement} in one go).
     */
    private Map<Long, OrderView> load(Generation generation, Collection<Long> orderIds, boolean completeOnly) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        String schema = generation.schema();
        String sql = "select order_id, customer_id, status, rejection_reason, total_amount, currency, created_at,"
                + " updated_at, payment_status, payment_decline_reason, payment_amount, payment_currency,"
                + " payment_updated_at from " + schema + ".order_view where order_id = any(?)"
                + (completeOnly ? " and customer_id is not null" : "")
                + "; select order_id, line_no, sku, quantity, unit_price, currency from " + schema
                + ".order_view_item where order_id = any(?)"
                + "; select order_id, sku, quantity, status, updated_at from " + schema
                + ".order_view_reservation where order_id = any(?)";
        PreparedStatementCreator statement = connection -> {
            PreparedStatement prepared = connection.prepareStatement(sql);
            Array ids = connection.createArrayOf("bigint", orderIds.toArray());
            for (int parameter = 1; parameter <= 3; parameter++) {
                prepared.setArray(parameter, ids);
            }
            return prepared;
        };
        PreparedStatementCallback<Map<Long, OrderView>> read = prepared -> {
            prepared.execute();
            Map<Long, Row> rows = new LinkedHashMap<>();
            try (ResultSet rs = prepared.getResultSet()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), row(rs));
                }
            }
            Map<Long, TreeMap<Integer, OrderView.Item>> items = new HashMap<>();
            next(prepared);
            try (ResultSet rs = prepared.getResultSet()) {
                while (rs.next()) {
                    items.computeIfAbsent(rs.getLong(1), id -> new TreeMap<>())
                            .put(
                                    rs.getInt(2),
                                    new OrderView.Item(
                                            rs.getString(3), rs.getInt(4), rs.getBigDecimal(5), rs.getString(6)));
                }
            }
            Map<Long, TreeMap<String, OrderView.Reservation>> reservations = new HashMap<>();
            next(prepared);
            try (ResultSet rs = prepared.getResultSet()) {
                while (rs.next()) {
                    reservations
                            .computeIfAbsent(rs.getLong(1), id -> new TreeMap<>())
                            .put(
                                    rs.getString(2),
                                    new OrderView.Reservation(rs.getInt(3), rs.getString(4), instant(rs, 5)));
                }
            }
            Map<Long, OrderView> views = new LinkedHashMap<>();
            rows.forEach((id, row) -> views.put(
                    id,
                    new OrderView(
                            id,
                            row.header(),
                            items.getOrDefault(id, new TreeMap<>()),
                            row.payment(),
                            reservations.getOrDefault(id, new TreeMap<>()))));
            return views;
        };
        return template.execute(statement, read);
    }

    /** An order_view row: the order's own columns and the payment's. */
    private record Row(OrderView.Header header, OrderView.Payment payment) {}

    private static Row row(ResultSet rs) throws SQLException {
        OrderView.Header header = rs.getString(2) == null
                ? null
                : new OrderView.Header(
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getBigDecimal(5),
                        rs.getString(6),
                        instant(rs, 7),
                        instant(rs, 8));
        OrderView.Payment payment = rs.getString(9) == null
                ? null
                : new OrderView.Payment(
                        rs.getString(9), rs.getString(10), rs.getBigDecimal(11), rs.getString(12), instant(rs, 13));
        return new Row(header, payment);
    }

    private static void next(PreparedStatement statement) throws SQLException {
        if (!statement.getMoreResults()) {
            throw new IllegalStateException("expected three result sets from the view's load");
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
