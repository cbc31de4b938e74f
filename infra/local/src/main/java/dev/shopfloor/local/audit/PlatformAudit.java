package dev.shopfloor.local.audit;

import dev.shopfloor.local.PlatformLayout;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code ./platform audit}: checks the running platform's cross-service invariants (DESIGN.md §10, issue 5) and gives
 * a verdict for each. Every service owns its database, so the audit reads the four databases one after the other
 * (read-only, each in one repeatable-read snapshot) and reconciles them in memory.
 *
 * <p>The four snapshots are not one atomic cut across services: on a busy platform a saga may move between two
 * reads and show up as a passing mismatch. Run it on a quiet platform (the fault suite waits until every saga has
 * finished), or run it twice.
 *
 * <p>Stock: inventory logs every change of a stock row in its append-only {@code stock_movement} table, in the
 * change's transaction ({@code OPENING} balance carried over when the log began, {@code RECEIVED}, and per order line
 * {@code RESERVED}, {@code RELEASED}, {@code COMMITTED}). The audit adds the log up per SKU and compares it with the
 * stock row ({@code on_hand = opening + received − committed}, {@code reserved = reserved − released − committed}),
 * and the log's order movements with the reservations. A caller that knows what it put into stock (the fault suite)
 * can also have the log's receipts checked against that ({@link #expectingReceived}).
 *
 * <p>Failure modes: a database that cannot be reached throws {@link IllegalStateException} naming it.
 */
public final class PlatformAudit {

    private final Function<String, Connection> connect;
    private final Duration settleTime;
    private final Map<String, Long> expectedReceived;

    /**
     * @param connect opens a connection to a service's database, by database name ({@code orders}, {@code payments},
     *     {@code inventory}, {@code sagas})
     * @param settleTime orders and sagas younger than this may still be in flight; older ones must be finished
     * @param expectedReceived units the caller put into stock per SKU (initial + added), checked against the stock
     *     movement log's receipts; empty to check the log against the stock rows only
     */
    public PlatformAudit(
            Function<String, Connection> connect, Duration settleTime, Map<String, Long> expectedReceived) {
        this.connect = Objects.requireNonNull(connect);
        this.settleTime = Objects.requireNonNull(settleTime);
        this.expectedReceived = Map.copyOf(expectedReceived);
    }

    /** The audit of the platform laid out as {@code layout}, with the local runner's logins (user = password = db). */
    public static PlatformAudit of(PlatformLayout layout, Duration settleTime) {
        return new PlatformAudit(
                database -> {
                    try {
                        return DriverManager.getConnection(
                                "jdbc:postgresql://localhost:" + layout.postgresPort() + "/" + database,
                                database,
                                database);
                    } catch (SQLException e) {
                        throw new IllegalStateException(
                                "cannot connect to database " + database + " on port " + layout.postgresPort() + ": "
                                        + e.getMessage(),
                                e);
                    }
                },
                settleTime,
                Map.of());
    }

    /**
     * The same audit, also checking that the stock movement log received exactly {@code received} units (opening
     * balance included) for each SKU in {@code received}: a receipt missing from the log, or one too many, fails.
     */
    public PlatformAudit expectingReceived(Map<String, Long> received) {
        return new PlatformAudit(connect, settleTime, received);
    }

    /**
     * One invariant's verdict.
     *
     * @param invariant what must hold
     * @param result PASS or FAIL
     * @param checked how many things (orders, SKUs, customers) were checked
     * @param violations what breaks it, one line each (empty when it holds)
     */
    public record Verdict(String invariant, Result result, long checked, List<String> violations) {

        public boolean holds() {
            return result == Result.PASS;
        }
    }

    /** The outcome of checking one invariant. */
    public enum Result {
        PASS,
        FAIL
    }

    /**
     * All verdicts of one audit.
     *
     * @param at when the audit read the orders database (its clock)
     * @param settleTime how old an order or saga must be to be required finished
     */
    public record Report(Instant at, Duration settleTime, List<Verdict> verdicts) {

        /** Whether no invariant failed. */
        public boolean allHold() {
            return verdicts.stream().allMatch(Verdict::holds);
        }

        /** Prints the verdicts, with up to {@code examples} violations each. */
        public void print(PrintStream out, int examples) {
            out.printf(
                    "Shopfloor audit at %s (orders and sagas older than %d s must be finished)%n",
                    at, settleTime.toSeconds());
            for (Verdict verdict : verdicts) {
                out.printf("  %-4s  %s  (%d checked)%n", verdict.result(), verdict.invariant(), verdict.checked());
                verdict.violations().stream().limit(examples).forEach(line -> out.println("          " + line));
                if (verdict.violations().size() > examples) {
                    out.printf(
                            "          ... and %d more%n", verdict.violations().size() - examples);
                }
            }
            out.println(allHold() ? "All invariants hold." : "Some invariants are broken.");
        }
    }

    /**
     * Reads the four databases and checks every invariant. All reads of one database share one read-only,
     * repeatable-read transaction, so the stock rows, reservations and stock movements are one consistent snapshot.
     */
    public Report run() {
        Map<String, Connection> transactions = new HashMap<>();
        try {
            return check(Snapshot.read((database, sql, reader) ->
                    query(transactions.computeIfAbsent(database, this::begin), database, sql, reader)));
        } finally {
            transactions.values().forEach(PlatformAudit::end);
        }
    }

    /** Checks every invariant on data already read. */
    Report check(Snapshot data) {
        Instant cutoff = data.now.minus(settleTime);
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(ordersSettled(data, cutoff));
        verdicts.add(sagasFinished(data, cutoff));
        verdicts.add(stockCommittedForApprovedOrdersOnly(data));
        verdicts.add(stockOnHand(data));
        verdicts.add(stockMovementsOfReservations(data));
        verdicts.add(stockReservedForOpenSagas(data));
        verdicts.add(creditReservedForOpenSagas(data));
        verdicts.add(creditUsedByApprovedOrders(data));
        verdicts.add(approvedOrdersCaptured(data));
        verdicts.add(rejectedOrdersNotCharged(data));
        return new Report(data.now, settleTime, verdicts);
    }

    // --- the invariants ------------------------------------------------------------------------------------------

    private Verdict ordersSettled(Snapshot data, Instant cutoff) {
        List<String> violations = new ArrayList<>();
        long checked = 0;
        for (Order order : data.orders.values()) {
            if (order.createdAt.isBefore(cutoff)) {
                checked++;
                if (order.status.equals("PENDING")) {
                    violations.add("order " + order.id + " still PENDING, placed " + order.createdAt);
                }
            }
        }
        return verdict(
                "every order older than " + settleTime.toSeconds() + " s is APPROVED or REJECTED", checked, violations);
    }

    private Verdict sagasFinished(Snapshot data, Instant cutoff) {
        List<String> violations = new ArrayList<>();
        long checked = 0;
        for (Order order : data.orders.values()) {
            if (!order.createdAt.isBefore(cutoff)) {
                continue;
            }
            checked++;
            String state = data.sagaStates.get(order.id);
            if (state == null) {
                violations.add("order " + order.id + " (" + order.status + ") has no saga");
            } else if (!FINAL_SAGA_STATES.contains(state)) {
                violations.add("saga of order " + order.id + " is " + state);
            } else if (!state.equals(order.status.equals("APPROVED") ? "COMPLETED" : "COMPENSATED")) {
                violations.add("order " + order.id + " is " + order.status + " but its saga is " + state);
            }
        }
        return verdict(
                "the saga of every order older than " + settleTime.toSeconds()
                        + " s is COMPLETED (approved) or COMPENSATED (rejected), none parked",
                checked,
                violations);
    }

    private Verdict stockCommittedForApprovedOrdersOnly(Snapshot data) {
        List<String> violations = new ArrayList<>();
        Map<String, Long> approvedUnits = new TreeMap<>();
        for (Order order : data.orders.values()) {
            if (order.status.equals("APPROVED")) {
                order.lines.forEach((sku, quantity) -> approvedUnits.merge(sku, (long) quantity, Long::sum));
                for (var line : order.lines.entrySet()) {
                    Reservation reservation = data.reservations.get(order.id + "/" + line.getKey());
                    if (reservation == null || !reservation.status.equals("COMMITTED")) {
                        violations.add("approved order " + order.id + ": " + line.getKey() + " is "
                                + (reservation == null ? "not reserved" : reservation.status) + ", not COMMITTED");
                    } else if (reservation.quantity != line.getValue()) {
                        violations.add("approved order " + order.id + ": " + line.getKey() + " committed "
                                + reservation.quantity + " units, ordered " + line.getValue());
                    }
                }
            }
        }
        for (Reservation reservation : data.reservations.values()) {
            Order order = data.orders.get(reservation.orderId);
            if (reservation.status.equals("COMMITTED") && (order == null || !order.status.equals("APPROVED"))) {
                violations.add("stock of " + reservation.sku + " committed for order " + reservation.orderId
                        + ", which is " + (order == null ? "unknown" : order.status));
            }
        }
        for (String sku : data.committedUnits().keySet()) {
            long committed = data.committedUnits().get(sku);
            long approved = approvedUnits.getOrDefault(sku, 0L);
            if (committed != approved) {
                violations.add(sku + ": " + committed + " units committed, approved orders hold " + approved);
            }
        }
        return verdict(
                "stock is committed exactly for the lines of approved orders (no oversell, nothing sold twice)",
                data.orders.size(),
                violations);
    }

    private Verdict stockOnHand(Snapshot data) {
        List<String> violations = new ArrayList<>();
        Map<String, Ledger> ledger = data.ledger();
        Set<String> skus = new TreeSet<>(data.stock.keySet());
        skus.addAll(ledger.keySet());
        for (String sku : skus) {
            Stock stock = data.stock.get(sku);
            Ledger logged = ledger.getOrDefault(sku, Ledger.EMPTY);
            if (stock == null) {
                violations.add(sku + ": movements logged but no stock row");
            } else if (stock.onHand != logged.onHand()) {
                violations.add(sku + ": on-hand " + stock.onHand + ", the movement log says " + logged.received
                        + " received - " + logged.committed + " committed = " + logged.onHand());
            }
        }
        for (var expected : new TreeMap<>(expectedReceived).entrySet()) {
            long received = ledger.getOrDefault(expected.getKey(), Ledger.EMPTY).received;
            if (received != expected.getValue()) {
                violations.add(expected.getKey() + ": the movement log received " + received + " units, "
                        + expected.getValue() + " were put into stock");
            }
        }
        return verdict(
                "for every SKU, on-hand = initial + added - committed, as the stock movement log records them",
                skus.size(),
                violations);
    }

    private Verdict stockMovementsOfReservations(Snapshot data) {
        List<String> violations = new ArrayList<>();
        Map<String, List<String>> byLine = new TreeMap<>();
        for (Movement movement : data.movements) {
            if (!LEDGER_KINDS.contains(movement.kind)) {
                violations.add(movement.sku + ": movement of unknown kind " + movement.kind);
            } else if (movement.orderId != null) {
                byLine.computeIfAbsent(movement.orderId + "/" + movement.sku, line -> new ArrayList<>())
                        .add(movement.kind + " " + movement.quantity);
            }
        }
        for (Reservation reservation : data.reservations.values()) {
            List<String> expected = new ArrayList<>(List.of("RESERVED " + reservation.quantity));
            if (!reservation.status.equals("RESERVED")) {
                expected.add(reservation.status + " " + reservation.quantity);
            }
            List<String> logged = byLine.remove(reservation.orderId + "/" + reservation.sku);
            List<String> found =
                    logged == null ? List.of() : logged.stream().sorted().toList();
            if (!found.equals(expected.stream().sorted().toList())) {
                violations.add("order " + reservation.orderId + ": " + reservation.sku + " is " + reservation.status
                        + " (" + reservation.quantity + " units), the movement log holds " + found);
            }
        }
        byLine.forEach((line, logged) -> violations.add(
                "order " + line.replace("/", ": ") + " has movements " + logged + " but no reservation"));
        Map<String, Ledger> ledger = data.ledger();
        for (Stock stock : data.stock.values()) {
            long expected = ledger.getOrDefault(stock.sku, Ledger.EMPTY).stillReserved();
            if (stock.reserved != expected) {
                violations.add(stock.sku + ": reserved " + stock.reserved + ", the movement log says " + expected);
            }
        }
        return verdict(
                "the stock movement log holds each reservation's moves once (reserved, then released or committed),"
                        + " and for every SKU reserved = reserved - released - committed there",
                data.reservations.size() + data.stock.size(),
                violations);
    }

    private Verdict stockReservedForOpenSagas(Snapshot data) {
        List<String> violations = new ArrayList<>();
        Map<String, Long> reserved = new HashMap<>();
        for (Reservation reservation : data.reservations.values()) {
            if (reservation.status.equals("RESERVED")) {
                reserved.merge(reservation.sku, (long) reservation.quantity, Long::sum);
                if (!data.open(reservation.orderId)) {
                    violations.add(reservation.quantity + " x " + reservation.sku + " still reserved for order "
                            + reservation.orderId + ", whose saga is " + data.sagaStates.get(reservation.orderId));
                }
            }
        }
        for (Stock stock : data.stock.values()) {
            long expected = reserved.getOrDefault(stock.sku, 0L);
            if (stock.reserved != expected) {
                violations.add(
                        stock.sku + ": reserved " + stock.reserved + ", reservations of open sagas hold " + expected);
            }
            if (stock.onHand < 0 || stock.reserved > stock.onHand) {
                violations.add(stock.sku + ": on-hand " + stock.onHand + ", reserved " + stock.reserved);
            }
        }
        return verdict("for every SKU, reserved = reservations of open sagas", data.stock.size(), violations);
    }

    private Verdict creditReservedForOpenSagas(Snapshot data) {
        List<String> violations = new ArrayList<>();
        Map<String, BigDecimal> authorized = new HashMap<>();
        for (Authorization authorization : data.authorizations.values()) {
            if (authorization.status.equals("AUTHORIZED")) {
                authorized.merge(authorization.customerId, authorization.amount, BigDecimal::add);
                if (!data.open(authorization.orderId)) {
                    violations.add(authorization.amount + " still authorized for order " + authorization.orderId
                            + ", whose saga is " + data.sagaStates.get(authorization.orderId));
                }
            }
        }
        for (Account account : data.accounts.values()) {
            BigDecimal expected = authorized.getOrDefault(account.customerId, BigDecimal.ZERO);
            if (account.reserved.compareTo(expected) != 0) {
                violations.add("customer " + account.customerId + ": reserved " + account.reserved
                        + ", authorizations of open sagas hold " + expected);
            }
        }
        return verdict(
                "for every customer, reserved credit = authorizations of open sagas", data.accounts.size(), violations);
    }

    private Verdict creditUsedByApprovedOrders(Snapshot data) {
        List<String> violations = new ArrayList<>();
        Map<String, BigDecimal> approvedTotals = new HashMap<>();
        for (Order order : data.orders.values()) {
            if (order.status.equals("APPROVED")) {
                approvedTotals.merge(order.customerId, order.total, BigDecimal::add);
            }
        }
        for (Account account : data.accounts.values()) {
            BigDecimal expected = approvedTotals.getOrDefault(account.customerId, BigDecimal.ZERO);
            if (account.used.compareTo(expected) != 0) {
                violations.add("customer " + account.customerId + ": used " + account.used + ", approved orders total "
                        + expected);
            }
        }
        for (String customer : approvedTotals.keySet()) {
            if (!data.accounts.containsKey(customer)) {
                violations.add("customer " + customer + " has approved orders but no account");
            }
        }
        return verdict(
                "for every customer, used credit = totals of approved orders (no double charge)",
                data.accounts.size(),
                violations);
    }

    private Verdict approvedOrdersCaptured(Snapshot data) {
        List<String> violations = new ArrayList<>();
        long checked = 0;
        for (Order order : data.orders.values()) {
            if (!order.status.equals("APPROVED")) {
                continue;
            }
            checked++;
            Authorization payment = data.authorizations.get(order.id);
            if (payment == null || !payment.status.equals("CAPTURED")) {
                violations.add("approved order " + order.id + " has "
                        + (payment == null ? "no payment" : "a " + payment.status + " payment"));
            } else if (payment.amount.compareTo(order.total) != 0) {
                violations.add("approved order " + order.id + " of " + order.total + " captured " + payment.amount);
            }
        }
        for (Authorization payment : data.authorizations.values()) {
            Order order = data.orders.get(payment.orderId);
            if (payment.status.equals("CAPTURED") && (order == null || !order.status.equals("APPROVED"))) {
                violations.add("payment of order " + payment.orderId + " captured, but the order is "
                        + (order == null ? "unknown" : order.status));
            }
        }
        return verdict(
                "every approved order has a captured payment of its total, and only approved orders do",
                checked,
                violations);
    }

    private Verdict rejectedOrdersNotCharged(Snapshot data) {
        List<String> violations = new ArrayList<>();
        long checked = 0;
        for (Order order : data.orders.values()) {
            if (!order.status.equals("REJECTED")) {
                continue;
            }
            checked++;
            Authorization payment = data.authorizations.get(order.id);
            if (payment != null && (payment.status.equals("AUTHORIZED") || payment.status.equals("CAPTURED"))) {
                violations.add("rejected order " + order.id + " (" + order.rejectionReason + ") has a " + payment.status
                        + " payment of " + payment.amount);
            }
        }
        return verdict("no payment of a rejected order is left authorized (or captured)", checked, violations);
    }

    private static Verdict verdict(String invariant, long checked, List<String> violations) {
        return new Verdict(
                invariant, violations.isEmpty() ? Result.PASS : Result.FAIL, checked, List.copyOf(violations));
    }

    // --- reading ---------------------------------------------------------------------------------------------------

    static final Set<String> FINAL_SAGA_STATES = Set.of("COMPLETED", "COMPENSATED");

    static final Set<String> LEDGER_KINDS = Set.of("OPENING", "RECEIVED", "RESERVED", "RELEASED", "COMMITTED");

    /** Reads one row of a query's result. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** Opens a read-only, repeatable-read transaction on a database: its first query fixes the snapshot. */
    private Connection begin(String database) {
        Connection connection = connect.apply(database);
        try {
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            end(connection);
            throw new IllegalStateException("cannot read database " + database + ": " + e.getMessage(), e);
        }
    }

    private static void end(Connection connection) {
        try (connection) {
            connection.rollback();
        } catch (SQLException e) {
            // Nothing was written; closing the connection ends the transaction anyway.
        }
    }

    private static void query(Connection connection, String database, String sql, RowReader reader) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Runs one query on a database, read-only, and hands each row to the reader. */
    @FunctionalInterface
    interface Query {
        void run(String database, String sql, RowReader reader);
    }

    record Order(
            long id,
            String customerId,
            String status,
            String rejectionReason,
            BigDecimal total,
            Instant createdAt,
            Map<String, Integer> lines) {}

    record Reservation(long orderId, String sku, int quantity, String status) {}

    record Stock(String sku, long onHand, long reserved) {}

    /** A row of inventory's stock movement log; {@code orderId} is null for {@code OPENING} and {@code RECEIVED}. */
    record Movement(String sku, String kind, long quantity, Long orderId) {}

    /** One SKU's movements added up by kind; {@code received} includes the opening balance. */
    record Ledger(long received, long reserved, long released, long committed) {

        static final Ledger EMPTY = new Ledger(0, 0, 0, 0);

        long onHand() {
            return received - committed;
        }

        long stillReserved() {
            return reserved - released - committed;
        }

        Ledger plus(Movement movement) {
            return switch (movement.kind) {
                case "OPENING", "RECEIVED" -> new Ledger(received + movement.quantity, reserved, released, committed);
                case "RESERVED" -> new Ledger(received, reserved + movement.quantity, released, committed);
                case "RELEASED" -> new Ledger(received, reserved, released + movement.quantity, committed);
                case "COMMITTED" -> new Ledger(received, reserved, released, committed + movement.quantity);
                default -> this;
            };
        }
    }

    record Account(String customerId, BigDecimal reserved, BigDecimal used) {}

    record Authorization(long orderId, String customerId, BigDecimal amount, String status) {}

    /** What the audit read from the four databases; tests build one by hand. */
    static final class Snapshot {
        Instant now;
        final Map<Long, Order> orders = new TreeMap<>();
        final Map<Long, String> sagaStates = new HashMap<>();
        final Map<String, Reservation> reservations = new TreeMap<>();
        final Map<String, Stock> stock = new TreeMap<>();
        final Map<String, Account> accounts = new TreeMap<>();
        final Map<Long, Authorization> authorizations = new TreeMap<>();
        final List<Movement> movements = new ArrayList<>();
        private Map<String, Long> committed;
        private Map<String, Ledger> ledger;

        static Snapshot read(Query query) {
            Snapshot data = new Snapshot();
            query.run("orders", "select now() as now", row -> data.now = instant(row, "now"));
            Map<Long, Map<String, Integer>> lines = new HashMap<>();
            query.run(
                    "orders",
                    "select order_id, sku, quantity from order_item",
                    row -> lines.computeIfAbsent(row.getLong("order_id"), id -> new TreeMap<>())
                            .put(row.getString("sku"), row.getInt("quantity")));
            query.run(
                    "orders",
                    "select id, customer_id, status, rejection_reason, total_amount, created_at from orders",
                    row -> {
                        long id = row.getLong("id");
                        data.orders.put(
                                id,
                                new Order(
                                        id,
                                        row.getString("customer_id"),
                                        row.getString("status"),
                                        row.getString("rejection_reason"),
                                        row.getBigDecimal("total_amount"),
                                        instant(row, "created_at"),
                                        lines.getOrDefault(id, Map.of())));
                    });
            query.run(
                    "sagas",
                    "select order_id, state from saga_instance",
                    row -> data.sagaStates.put(row.getLong("order_id"), row.getString("state")));
            query.run(
                    "inventory",
                    "select sku, on_hand, reserved from stock",
                    row -> data.stock.put(
                            row.getString("sku"),
                            new Stock(row.getString("sku"), row.getLong("on_hand"), row.getLong("reserved"))));
            query.run(
                    "inventory",
                    "select sku, kind, quantity, order_id from stock_movement order by id",
                    row -> data.movements.add(new Movement(
                            row.getString("sku"),
                            row.getString("kind"),
                            row.getLong("quantity"),
                            row.getObject("order_id", Long.class))));
            query.run("inventory", "select order_id, sku, quantity, status from reservation", row -> {
                Reservation reservation = new Reservation(
                        row.getLong("order_id"), row.getString("sku"), row.getInt("quantity"), row.getString("status"));
                data.reservations.put(reservation.orderId + "/" + reservation.sku, reservation);
            });
            query.run(
                    "payments",
                    "select customer_id, reserved, used from account",
                    row -> data.accounts.put(
                            row.getString("customer_id"),
                            new Account(
                                    row.getString("customer_id"),
                                    row.getBigDecimal("reserved"),
                                    row.getBigDecimal("used"))));
            query.run(
                    "payments",
                    "select order_id, customer_id, amount, status from payment_authorization",
                    row -> data.authorizations.put(
                            row.getLong("order_id"),
                            new Authorization(
                                    row.getLong("order_id"),
                                    row.getString("customer_id"),
                                    row.getBigDecimal("amount"),
                                    row.getString("status"))));
            return data;
        }

        Snapshot order(Order order) {
            orders.put(order.id(), order);
            return this;
        }

        Snapshot saga(long orderId, String state) {
            sagaStates.put(orderId, state);
            return this;
        }

        Snapshot stock(Stock row) {
            stock.put(row.sku(), row);
            return this;
        }

        Snapshot reservation(Reservation row) {
            reservations.put(row.orderId() + "/" + row.sku(), row);
            return this;
        }

        Snapshot movement(Movement row) {
            movements.add(row);
            return this;
        }

        Snapshot account(Account row) {
            accounts.put(row.customerId(), row);
            return this;
        }

        Snapshot authorization(Authorization row) {
            authorizations.put(row.orderId(), row);
            return this;
        }

        /** Whether the order's saga may still hold stock or credit: not finished, or an order still pending. */
        boolean open(long orderId) {
            String state = sagaStates.get(orderId);
            if (state != null) {
                return !FINAL_SAGA_STATES.contains(state);
            }
            Order order = orders.get(orderId);
            return order != null && order.status.equals("PENDING");
        }

        Map<String, Long> committedUnits() {
            if (committed == null) {
                committed = new TreeMap<>();
                for (Reservation reservation : reservations.values()) {
                    if (reservation.status.equals("COMMITTED")) {
                        committed.merge(reservation.sku, (long) reservation.quantity, Long::sum);
                    }
                }
            }
            return committed;
        }

        /** The stock movement log added up per SKU. */
        Map<String, Ledger> ledger() {
            if (ledger == null) {
                ledger = new TreeMap<>();
                for (Movement movement : movements) {
                    ledger.put(
                            movement.sku,
                            ledger.getOrDefault(movement.sku, Ledger.EMPTY).plus(movement));
                }
            }
            return ledger;
        }

        private static Instant instant(ResultSet row, String column) throws SQLException {
            return row.getObject(column, OffsetDateTime.class).toInstant();
        }
    }

    /**
     * The {@code ./platform audit [--settle 120s]} command: prints every verdict; exit code 0 when all hold, 1
     * otherwise, 2 for wrong usage.
     */
    public static int cli(PlatformLayout layout, List<String> args, PrintStream out) {
        Duration settle = Duration.ofMinutes(2);
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--settle") && i + 1 < args.size()) {
                settle = parseDuration(args.get(++i));
            } else {
                System.err.println("usage: ./platform audit [--settle <seconds>s]   (default 120s: two step"
                        + " deadlines and some slack)");
                return 2;
            }
        }
        Report report = of(layout, settle).run();
        report.print(out, 10);
        return report.allHold() ? 0 : 1;
    }

    private static Duration parseDuration(String text) {
        String value = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
        try {
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--settle takes seconds, e.g. 120s; was " + text);
        }
    }
}
