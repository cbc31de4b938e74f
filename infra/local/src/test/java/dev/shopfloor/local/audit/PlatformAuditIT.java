package dev.shopfloor.local.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.local.audit.PlatformAudit.Report;
import dev.shopfloor.local.audit.PlatformAudit.Result;
import dev.shopfloor.local.audit.PlatformAudit.Verdict;
import dev.shopfloor.testing.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The audit's reads against real Postgres, without the platform: the four services' databases made by their own
 * migrations, filled as the services leave them after one approved and one rejected order. A balanced platform
 * passes every invariant with nothing but what the databases hold; a tampered stock row fails the on-hand check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformAuditIT {

    private static final Map<String, String> MIGRATIONS = Map.of(
            "orders", "order-service",
            "payments", "payment-service",
            "inventory", "inventory-service",
            "sagas", "saga-orchestrator");

    private PostgresServer postgres;
    private PlatformAudit audit;

    @BeforeAll
    void startDatabases() throws Exception {
        postgres = PostgresServer.start(0, null);
        for (var database : MIGRATIONS.entrySet()) {
            postgres.createDatabase(database.getKey(), database.getKey());
            migrate(database.getKey(), database.getValue());
        }
        execute("orders", """
                insert into orders (id, customer_id, status, rejection_reason, total_amount, currency, created_at,
                                    updated_at, version) values
                    (1, 'alice', 'APPROVED', null, 10.00, 'EUR', now() - interval '10 minutes', now(), 3),
                    (2, 'alice', 'REJECTED', 'PAYMENT_DECLINED', 5.00, 'EUR', now() - interval '10 minutes', now(), 2);
                insert into order_item (order_id, line_no, sku, quantity, unit_price, currency) values
                    (1, 0, 'SKU-A', 2, 5.00, 'EUR'), (2, 0, 'SKU-A', 1, 5.00, 'EUR');
                """);
        execute("sagas", """
                insert into saga_instance (saga_id, order_id, customer_id, state, rejection_reason, total_amount,
                                           total_currency, items, version, created_at, updated_at,
                                           step_started_at) values
                    (gen_random_uuid(), 1, 'alice', 'COMPLETED', null, 10.00, 'EUR', '[]', 5, now(), now(), now()),
                    (gen_random_uuid(), 2, 'alice', 'COMPENSATED', 'PAYMENT_DECLINED', 5.00, 'EUR', '[]', 5, now(),
                     now(), now());
                """);
        // What inventory-service writes: 6 units received, order 1 reserved and committed, order 2 reserved and
        // released, each change of the stock row with its movement.
        execute("inventory", """
                insert into product (sku, name, price_amount, price_currency) values ('SKU-A', 'Thing', 5.00, 'EUR');
                insert into stock (sku, on_hand, reserved) values ('SKU-A', 4, 0);
                insert into reservation (order_id, sku, quantity, status) values
                    (1, 'SKU-A', 2, 'COMMITTED'), (2, 'SKU-A', 1, 'RELEASED');
                insert into stock_movement (sku, kind, quantity, order_id) values
                    ('SKU-A', 'RECEIVED', 6, null), ('SKU-A', 'RESERVED', 2, 1), ('SKU-A', 'RESERVED', 1, 2),
                    ('SKU-A', 'RELEASED', 1, 2), ('SKU-A', 'COMMITTED', 2, 1);
                """);
        execute("payments", """
                insert into account (customer_id, currency, credit_limit, reserved, used) values
                    ('alice', 'EUR', 100.00, 0, 10.00);
                insert into payment_authorization (order_id, customer_id, amount, currency, status, decline_reason)
                    values (1, 'alice', 10.00, 'EUR', 'CAPTURED', null),
                           (2, 'alice', 5.00, 'EUR', 'DECLINED', 'INSUFFICIENT_CREDIT');
                """);
        audit = new PlatformAudit(this::connect, Duration.ofMinutes(2), Map.of());
    }

    @AfterAll
    void stopDatabases() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void passesABalancedPlatformFromWhatItsDatabasesHold() {
        Report report = audit.run();

        assertThat(report.verdicts())
                .hasSize(10)
                .allSatisfy(verdict -> assertThat(verdict.result())
                        .as(verdict.invariant() + " " + verdict.violations())
                        .isEqualTo(Result.PASS));
        assertThat(onHand(report).checked()).isEqualTo(1);
        assertThat(onHand(audit.expectingReceived(Map.of("SKU-A", 6L)).run()).result())
                .isEqualTo(Result.PASS);
    }

    @Test
    void failsTheOnHandCheckWhenAStockRowWasChangedWithoutItsMovement() throws Exception {
        execute("inventory", "update stock set on_hand = 5 where sku = 'SKU-A'");
        try {
            Verdict onHand = onHand(audit.run());

            assertThat(onHand.result()).isEqualTo(Result.FAIL);
            assertThat(onHand.violations())
                    .containsExactly("SKU-A: on-hand 5, the movement log says 6 received - 2 committed = 4");
        } finally {
            execute("inventory", "update stock set on_hand = 4 where sku = 'SKU-A'");
        }
    }

    private static Verdict onHand(Report report) {
        return report.verdicts().stream()
                .filter(verdict -> verdict.invariant().contains("on-hand = initial + added - committed"))
                .findFirst()
                .orElseThrow();
    }

    private Connection connect(String database) {
        try {
            return DriverManager.getConnection(postgres.jdbcUrl(database), database, database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
    }

    private void execute(String database, String sql) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs a service's own Flyway scripts, in version order, as plain SQL. */
    private void migrate(String database, String module) throws SQLException {
        Path root = Path.of(System.getProperty("shopfloor.root", "../..")).toAbsolutePath();
        Path migrations = root.resolve(module).resolve("src/main/resources/db/migration");
        List<Path> scripts;
        try (Stream<Path> files = Files.list(migrations)) {
            scripts = files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(PlatformAuditIT::version))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no migrations of " + module + " in " + migrations, e);
        }
        assertThat(scripts).as("migrations of " + module).isNotEmpty();
        for (Path script : scripts) {
            try {
                execute(database, Files.readString(script));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
