package dev.shopfloor.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.inventory.catalog.Sku;
import dev.shopfloor.inventory.reservation.IllegalReservationTransition;
import dev.shopfloor.inventory.reservation.OrderId;
import dev.shopfloor.inventory.reservation.ReservationLine;
import dev.shopfloor.inventory.reservation.StockCommand;
import dev.shopfloor.inventory.reservation.StockReply;
import dev.shopfloor.inventory.reservation.StockReservation;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stock movement log against real Postgres: every change of a stock row is logged with it, in its transaction,
 * exactly once; a refused or rolled back change logs nothing; the log adds up to the stock row and cannot be edited.
 */
@EmbeddedInfrastructure
@DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shopfloor.messaging.relay.enabled=false")
class StockMovementLogIT {

    private static final AtomicLong ORDERS = new AtomicLong(9_000_000L);

    /** A row of {@code stock_movement}; {@code orderId} is null for a receipt. */
    record Movement(String kind, int quantity, Long orderId) {}

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    StockKeeping stockKeeping;

    @Autowired
    StockReservation reservations;

    @Autowired
    Stocks stocks;

    @Test
    void logsEveryReceiptWithTheUnitsItAdded() throws Exception {
        createProduct("LOG-RECEIVE");

        assertThat(receive("LOG-RECEIVE", "{\"quantity\":5}").statusCode()).isEqualTo(200);
        assertThat(receive("LOG-RECEIVE", "{\"quantity\":3}").statusCode()).isEqualTo(200);

        assertThat(movements("LOG-RECEIVE"))
                .containsExactly(new Movement("RECEIVED", 5, null), new Movement("RECEIVED", 3, null));
        assertThat(stockRow("LOG-RECEIVE")).isEqualTo(new Stock(Sku.of("LOG-RECEIVE"), 8, 0));
        assertBalanced("LOG-RECEIVE");
    }

    @Test
    void logsAReservationAndItsCommitOnceEach() throws Exception {
        createProduct("LOG-COMMIT");
        receive("LOG-COMMIT", "{\"quantity\":10}");
        long order = ORDERS.incrementAndGet();

        reservations.handle(reserve(order, "LOG-COMMIT", 3));
        reservations.handle(reserve(order, "LOG-COMMIT", 3));
        reservations.handle(new StockCommand.CommitStock(new OrderId(order)));
        reservations.handle(new StockCommand.CommitStock(new OrderId(order)));

        assertThat(movements("LOG-COMMIT"))
                .containsExactly(
                        new Movement("RECEIVED", 10, null),
                        new Movement("RESERVED", 3, order),
                        new Movement("COMMITTED", 3, order));
        assertThat(stockRow("LOG-COMMIT")).isEqualTo(new Stock(Sku.of("LOG-COMMIT"), 7, 0));
        assertBalanced("LOG-COMMIT");
    }

    @Test
    void logsAReleaseOnceAndLeavesOnHandAlone() throws Exception {
        createProduct("LOG-RELEASE");
        receive("LOG-RELEASE", "{\"quantity\":4}");
        long released = ORDERS.incrementAndGet();
        long held = ORDERS.incrementAndGet();

        reservations.handle(reserve(released, "LOG-RELEASE", 2));
        reservations.handle(reserve(held, "LOG-RELEASE", 1));
        reservations.handle(new StockCommand.ReleaseStock(new OrderId(released)));
        reservations.handle(new StockCommand.ReleaseStock(new OrderId(released)));

        assertThat(movements("LOG-RELEASE"))
                .containsExactly(
                        new Movement("RECEIVED", 4, null),
                        new Movement("RESERVED", 2, released),
                        new Movement("RESERVED", 1, held),
                        new Movement("RELEASED", 2, released));
        assertThat(stockRow("LOG-RELEASE")).isEqualTo(new Stock(Sku.of("LOG-RELEASE"), 4, 1));
        assertBalanced("LOG-RELEASE");
    }

    @Test
    void logsNothingForAChangeThatIsRefused() throws Exception {
        createProduct("LOG-REFUSED");
        receive("LOG-REFUSED", "{\"quantity\":" + Integer.MAX_VALUE + "}");
        long order = ORDERS.incrementAndGet();
        long neverReserved = ORDERS.incrementAndGet();

        assertThat(receive("LOG-REFUSED", "{\"quantity\":0}").statusCode()).isEqualTo(400);
        assertThat(receive("LOG-REFUSED", "{\"quantity\":1}").statusCode())
                .as("overflow")
                .isEqualTo(422);
        assertThat(receive("LOG-UNKNOWN", "{\"quantity\":1}").statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> stockKeeping.receive(Sku.of("LOG-REFUSED"), -2))
                .isInstanceOf(IllegalStockChange.class);
        assertThat(reservations.handle(reserve(order, "LOG-UNKNOWN", 1)))
                .isInstanceOf(StockReply.StockUnavailable.class);
        assertThatThrownBy(() -> reservations.handle(new StockCommand.CommitStock(new OrderId(neverReserved))))
                .isInstanceOf(IllegalReservationTransition.class);

        assertThat(movements("LOG-REFUSED")).containsExactly(new Movement("RECEIVED", Integer.MAX_VALUE, null));
        assertThat(movements("LOG-UNKNOWN")).isEmpty();
        assertThat(count(
                        "select count(*) from stock_movement where order_id in (" + order + ", " + neverReserved + ")"))
                .isZero();
        assertThat(stockRow("LOG-REFUSED")).isEqualTo(new Stock(Sku.of("LOG-REFUSED"), Integer.MAX_VALUE, 0));
    }

    @Test
    void rollsTheMovementBackWithItsChange() throws Exception {
        createProduct("LOG-ROLLBACK");
        receive("LOG-ROLLBACK", "{\"quantity\":2}");

        transactions.executeWithoutResult(status -> {
            stockKeeping.receive(Sku.of("LOG-ROLLBACK"), 5);
            reservations.handle(reserve(ORDERS.incrementAndGet(), "LOG-ROLLBACK", 6));
            assertThat(movements("LOG-ROLLBACK")).as("inside the transaction").hasSize(3);
            status.setRollbackOnly();
        });

        assertThat(movements("LOG-ROLLBACK")).containsExactly(new Movement("RECEIVED", 2, null));
        assertThat(stockRow("LOG-ROLLBACK")).isEqualTo(new Stock(Sku.of("LOG-ROLLBACK"), 2, 0));
    }

    @Test
    void rollsTheChangeBackWhenItsMovementCannotBeLogged() throws Exception {
        createProduct("LOG-CLASH");
        receive("LOG-CLASH", "{\"quantity\":5}");
        long order = ORDERS.incrementAndGet();
        // A movement already logged for this order line: logging the reservation's movement again must fail.
        jdbc.sql(
                        "insert into stock_movement (sku, kind, quantity, order_id) values ('LOG-CLASH', 'RESERVED', 1, :order)")
                .param("order", order)
                .update();

        assertThatThrownBy(() -> reservations.handle(reserve(order, "LOG-CLASH", 2)))
                .isInstanceOf(DataIntegrityViolationException.class);

        assertThat(stockRow("LOG-CLASH")).isEqualTo(new Stock(Sku.of("LOG-CLASH"), 5, 0));
        assertThat(count("select count(*) from reservation where order_id = " + order))
                .isZero();
        assertThat(movements("LOG-CLASH"))
                .containsExactly(new Movement("RECEIVED", 5, null), new Movement("RESERVED", 1, order));
    }

    @Test
    void refusesToWriteAChangeOutsideATransaction() throws Exception {
        createProduct("LOG-NO-TX");
        receive("LOG-NO-TX", "{\"quantity\":1}");
        Stock stock = stockRow("LOG-NO-TX");

        assertThatThrownBy(() -> stocks.save(List.of(stock.apply(new StockMovement.Received(Sku.of("LOG-NO-TX"), 4)))))
                .isInstanceOf(IllegalTransactionStateException.class);

        assertThat(stockRow("LOG-NO-TX")).isEqualTo(stock);
        assertThat(movements("LOG-NO-TX")).containsExactly(new Movement("RECEIVED", 1, null));
    }

    @Test
    void refusesAChangeOfARowThatIsNoLongerAsRead() throws Exception {
        createProduct("LOG-STALE");
        receive("LOG-STALE", "{\"quantity\":1}");
        Stock stale = stockRow("LOG-STALE");
        receive("LOG-STALE", "{\"quantity\":1}");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status ->
                        stocks.save(List.of(stale.apply(new StockMovement.Received(Sku.of("LOG-STALE"), 4))))))
                .isInstanceOf(DataAccessException.class);

        assertThat(stockRow("LOG-STALE")).isEqualTo(new Stock(Sku.of("LOG-STALE"), 2, 0));
        assertBalanced("LOG-STALE");
    }

    @Test
    void keepsTheLogAppendOnly() throws Exception {
        createProduct("LOG-EDIT");
        receive("LOG-EDIT", "{\"quantity\":3}");

        assertThatThrownBy(() -> jdbc.sql("update stock_movement set quantity = 30 where sku = 'LOG-EDIT'")
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from stock_movement where sku = 'LOG-EDIT'")
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate stock_movement").update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");

        assertThat(movements("LOG-EDIT")).containsExactly(new Movement("RECEIVED", 3, null));
    }

    /** The log adds up to the stock row: on hand = received - committed, reserved = reserved - released - committed. */
    private void assertBalanced(String sku) {
        long onHand = 0;
        long reserved = 0;
        for (Movement movement : movements(sku)) {
            switch (movement.kind()) {
                case "RECEIVED" -> onHand += movement.quantity();
                case "RESERVED" -> reserved += movement.quantity();
                case "RELEASED" -> reserved -= movement.quantity();
                case "COMMITTED" -> {
                    onHand -= movement.quantity();
                    reserved -= movement.quantity();
                }
                default -> throw new AssertionError("unexpected movement " + movement);
            }
        }
        Stock row = stockRow(sku);
        assertThat(row.onHand()).as("on hand of " + sku).isEqualTo(onHand);
        assertThat(row.reserved()).as("reserved of " + sku).isEqualTo(reserved);
    }

    private List<Movement> movements(String sku) {
        return jdbc.sql("select kind, quantity, order_id from stock_movement where sku = :sku order by id")
                .param("sku", sku)
                .query((row, rowNum) -> new Movement(
                        row.getString("kind"), row.getInt("quantity"), row.getObject("order_id", Long.class)))
                .list();
    }

    private Stock stockRow(String sku) {
        return jdbc.sql("select on_hand, reserved from stock where sku = :sku")
                .param("sku", sku)
                .query((row, rowNum) -> new Stock(Sku.of(sku), row.getInt("on_hand"), row.getInt("reserved")))
                .single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static StockCommand.ReserveStock reserve(long order, String sku, int quantity) {
        return new StockCommand.ReserveStock(new OrderId(order), List.of(new ReservationLine(Sku.of(sku), quantity)));
    }

    private void createProduct(String sku) throws Exception {
        HttpResponse<String> response = send(
                "PUT",
                "/api/products/" + sku,
                "{\"name\":\"Logged thing\",\"price\":{\"amount\":\"2.00\",\"currency\":\"EUR\"}}");
        assertThat(response.statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> receive(String sku, String body) throws Exception {
        return send("POST", "/api/products/" + sku + "/stock", body);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", AuthServerProcess.get().bearer())
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
