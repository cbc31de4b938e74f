package dev.shopfloor.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The migration that starts the stock movement log (V2) on a database that already holds stock and reservations: it
 * carries what is on hand over as an opening balance and every reservation as the movements it went through, so the
 * log adds up to each stock row from the start.
 */
class StockMovementMigrationIT {

    /** A row of {@code stock_movement}; {@code orderId} is null for an opening balance. */
    record Movement(String sku, String kind, int quantity, Long orderId) {}

    @Test
    void carriesExistingStockAndReservationsIntoTheLog() throws SQLException {
        DatabaseLogin login = Infrastructure.get().createDatabase("inventory_movement_migration");
        migrate(login, "1");
        execute(login, """
                insert into product (sku, name, price_amount, price_currency) values
                    ('MUG', 'Mug', 5.00, 'EUR'), ('CUP', 'Cup', 3.00, 'EUR'), ('NEW', 'New', 1.00, 'EUR');
                insert into stock (sku, on_hand, reserved) values ('MUG', 7, 2), ('CUP', 0, 0), ('NEW', 0, 0);
                insert into reservation (order_id, sku, quantity, status) values
                    (1, 'MUG', 3, 'COMMITTED'), (2, 'MUG', 2, 'RESERVED'), (3, 'MUG', 1, 'RELEASED'),
                    (1, 'CUP', 4, 'COMMITTED');
                """);

        migrate(login, "latest");

        assertThat(movements(login))
                .containsExactlyInAnyOrder(
                        new Movement("MUG", "OPENING", 10, null),
                        new Movement("MUG", "RESERVED", 3, 1L),
                        new Movement("MUG", "COMMITTED", 3, 1L),
                        new Movement("MUG", "RESERVED", 2, 2L),
                        new Movement("MUG", "RESERVED", 1, 3L),
                        new Movement("MUG", "RELEASED", 1, 3L),
                        new Movement("CUP", "OPENING", 4, null),
                        new Movement("CUP", "RESERVED", 4, 1L),
                        new Movement("CUP", "COMMITTED", 4, 1L));
        assertThat(query(login, "select sku, on_hand, reserved from stock order by sku"))
                .as("the stock rows, as the log adds them up")
                .containsExactlyElementsOf(loggedStock(movements(login), List.of("CUP", "MUG", "NEW")));
    }

    private static void migrate(DatabaseLogin login, String target) {
        Flyway.configure()
                .dataSource(login.jdbcUrl(), login.username(), login.password())
                .locations("classpath:db/migration", "classpath:db/messaging")
                .target(target)
                .load()
                .migrate();
    }

    private static void execute(DatabaseLogin login, String sql) throws SQLException {
        try (Connection connection = connect(login);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<Movement> movements(DatabaseLogin login) throws SQLException {
        List<Movement> movements = new ArrayList<>();
        try (Connection connection = connect(login);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select sku, kind, quantity, order_id from stock_movement")) {
            while (rows.next()) {
                movements.add(new Movement(
                        rows.getString("sku"),
                        rows.getString("kind"),
                        rows.getInt("quantity"),
                        rows.getObject("order_id", Long.class)));
            }
        }
        return movements;
    }

    private static List<String> query(DatabaseLogin login, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(login);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1) + " on hand " + result.getLong(2) + ", reserved " + result.getLong(3));
            }
        }
        return rows;
    }

    /** Each SKU's stock as the log adds it up: on hand = opening + received - committed, reserved = reserved - released - committed. */
    private static List<String> loggedStock(List<Movement> movements, List<String> skus) {
        List<String> rows = new ArrayList<>();
        for (String sku : skus) {
            long onHand = 0;
            long reserved = 0;
            for (Movement movement : movements) {
                if (!movement.sku().equals(sku)) {
                    continue;
                }
                switch (movement.kind()) {
                    case "OPENING", "RECEIVED" -> onHand += movement.quantity();
                    case "RESERVED" -> reserved += movement.quantity();
                    case "RELEASED" -> reserved -= movement.quantity();
                    case "COMMITTED" -> {
                        onHand -= movement.quantity();
                        reserved -= movement.quantity();
                    }
                    default -> throw new AssertionError("unexpected movement " + movement);
                }
            }
            rows.add(sku + " on hand " + onHand + ", reserved " + reserved);
        }
        return rows;
    }

    private static Connection connect(DatabaseLogin login) throws SQLException {
        return DriverManager.getConnection(login.jdbcUrl(), login.username(), login.password());
    }
}
