package dev.shopfloor.inventory.reservation.persistence;

import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.OrderId;
import dev.shopfloor.inventory.reservation.Reservation;
import dev.shopfloor.inventory.reservation.ReservationLine;
import dev.shopfloor.inventory.reservation.ReservationStatus;
import dev.shopfloor.inventory.reservation.Reservations;
import dev.shopfloor.inventory.reservation.Shortage;
import dev.shopfloor.inventory.reservation.StockReply.StockUnavailable;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link Reservations} in the {@code reservation} and {@code reservation_refusal} tables. */
@Repository
class JdbcReservations implements Reservations {

    private record Row(String sku, int quantity, String status) {}

    private final JdbcClient jdbc;

    JdbcReservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void lockOrder(OrderId orderId) {
        jdbc.sql("select pg_advisory_xact_lock(:orderId)")
                .param("orderId", orderId.value())
                .query((row, rowNum) -> Boolean.TRUE)
                .single();
    }

    @Override
    public Optional<Reservation> find(OrderId orderId) {
        List<Row> rows = jdbc.sql(
                        "select sku, quantity, status from reservation where order_id = :orderId order by sku")
                .param("orderId", orderId.value())
                .query((row, rowNum) -> new Row(row.getString("sku"), row.getInt("quantity"), row.getString("status")))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<ReservationLine> lines = rows.stream()
                .map(row -> new ReservationLine(Sku.of(row.sku()), row.quantity()))
                .toList();
        // All lines of an order change status together, so any row tells the status.
        return Optional.of(new Reservation(
                orderId, lines, ReservationStatus.valueOf(rows.getFirst().status())));
    }

    @Override
    public void save(Reservation reservation) {
        for (ReservationLine line : reservation.lines()) {
            jdbc.sql("""
                            insert into reservation (order_id, sku, quantity, status)
                            values (:orderId, :sku, :quantity, :status)
                            on conflict (order_id, sku) do update set status = excluded.status, updated_at = now()
                            """)
                    .param("orderId", reservation.orderId().value())
                    .param("sku", line.sku().value())
                    .param("quantity", line.quantity())
                    .param("status", reservation.status().name())
                    .update();
        }
    }

    @Override
    public Optional<StockUnavailable> findRefusal(OrderId orderId) {
        List<Shortage> shortages = jdbc.sql(
                        "select sku, requested, available from reservation_refusal where order_id = :orderId order by sku")
                .param("orderId", orderId.value())
                .query((row, rowNum) ->
                        new Shortage(Sku.of(row.getString("sku")), row.getInt("requested"), row.getInt("available")))
                .list();
        return shortages.isEmpty() ? Optional.empty() : Optional.of(new StockUnavailable(orderId, shortages));
    }

    @Override
    public void saveRefusal(StockUnavailable refusal) {
        for (Shortage shortage : refusal.shortages()) {
            jdbc.sql("""
                            insert into reservation_refusal (order_id, sku, requested, available)
                            values (:orderId, :sku, :requested, :available)
                            on conflict (order_id, sku) do nothing
                            """)
                    .param("orderId", refusal.orderId().value())
                    .param("sku", shortage.sku().value())
                    .param("requested", shortage.requested())
                    .param("available", shortage.available())
                    .update();
        }
    }
}
