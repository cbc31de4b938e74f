package dev.shopfloor.readmodel;

import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The three databases the read model captures, each created fresh for a test class with the owning service's own
 * Flyway migrations (read from the sibling modules' sources: the read model's contract is those tables, so tests use
 * the real ones, not a copy).
 */
final class SourceDatabases {

    final DatabaseLogin orders;
    final DatabaseLogin payments;
    final DatabaseLogin inventory;

    private SourceDatabases(String prefix) {
        Infrastructure infrastructure = Infrastructure.get();
        orders = migrated(infrastructure.createDatabase(prefix + "_orders"), "order-service");
        payments = migrated(infrastructure.createDatabase(prefix + "_payments"), "payment-service");
        inventory = migrated(infrastructure.createDatabase(prefix + "_inventory"), "inventory-service");
    }

    /** @param prefix unique per test class, lower-case */
    static SourceDatabases create(String prefix) {
        return new SourceDatabases(prefix.toLowerCase(Locale.ROOT));
    }

    void register(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The {@code shopfloor.readmodel.sources.*} properties that point read-model-service at these databases. */
    Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        source(properties, "orders", orders, "orders,order_item");
        source(properties, "payments", payments, "payment_authorization");
        source(properties, "inventory", inventory, "reservation");
        return properties;
    }

    private static void source(Map<String, Object> properties, String name, DatabaseLogin login, String tables) {
        String prefix = "shopfloor.readmodel.sources." + name;
        properties.put(prefix + ".url", login.jdbcUrl());
        properties.put(prefix + ".username", login.username());
        properties.put(prefix + ".password", login.password());
        properties.put(prefix + ".tables", tables);
    }

    /** Runs one statement with parameters on a source database. */
    static void execute(DatabaseLogin login, String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(login.jdbcUrl(), login.username(), login.password());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static DatabaseLogin migrated(DatabaseLogin login, String module) {
        Path root = Path.of(System.getProperty("shopfloor.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path migrations = root.resolve(module).resolve("src/main/resources/db/migration");
        if (!Files.isDirectory(migrations)) {
            throw new IllegalStateException("no migrations of " + module + " in " + migrations);
        }
        Flyway.configure()
                .dataSource(login.jdbcUrl(), login.username(), login.password())
                .locations("filesystem:" + migrations)
                .load()
                .migrate();
        return login;
    }
}
