package dev.shopfloor.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import dev.shopfloor.testing.StoredOffsets;
import dev.shopfloor.testing.auth.AuthServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Several pods of read-model-service on one read model database, as the production overlay runs them: exactly one
 * (the projector leader) runs the CDC engines, every pod answers queries, another pod takes over when the leader goes
 * (at once when it stops cleanly, after its lease when it died holding it), and a rebuild requested on any pod is
 * built by the leader and read by every pod after the switch. Each "pod" is a whole application context on real
 * Postgres, Redis and the auth server, in this JVM; each test gets fresh databases.
 */
class ReadModelScaleOutIT {

    static final AtomicInteger runs = new AtomicInteger();
    static final AtomicLong ids = new AtomicLong(5_000_000_000L);
    static final JsonMapper json = JsonMapper.builder().build();
    static final Duration LEASE = Duration.ofSeconds(4);

    final HttpClient http = HttpClient.newHttpClient();
    final List<ConfigurableApplicationContext> pods = new ArrayList<>();
    SourceDatabases sources;
    DatabaseLogin readModel;

    @AfterEach
    void stopPods() {
        pods.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void exactlyOnePodProjectsAndEveryPodAnswers() throws Exception {
        Pod[] pods = twoPods();
        Pod leader = pods[0];
        Pod follower = pods[1];
        JsonNode leaderStatus = status(leader);
        JsonNode followerStatus = status(follower);
        assertThat(leaderStatus.get("sources").size()).isEqualTo(3);
        assertThat(followerStatus.get("sources").size())
                .as("a follower runs no engine")
                .isZero();
        assertThat(followerStatus.get("leader").asString())
                .isEqualTo(leaderStatus.get("instance").asString())
                .isEqualTo(leaderStatus.get("leader").asString());
        assertThat(leaderGauge(leader)).isEqualTo(1.0);
        assertThat(leaderGauge(follower)).isEqualTo(0.0);
        assertThat(activeSlots()).as("one streaming slot per source").isEqualTo(3L);

        long id = insertOrder("ann");
        String fromLeader = awaitOrder(leader, id);
        String fromFollower = awaitOrder(follower, id);
        assertThat(fromFollower).isEqualTo(fromLeader);
    }

    @Test
    void anotherPodTakesOverAtOnceWhenTheLeaderStops() throws Exception {
        Pod[] pods = twoPods();
        Pod leader = pods[0];
        Pod survivor = pods[1];
        long before = insertOrder("ben");
        awaitOrder(survivor, before);

        leader.context().close();

        // A clean stop lets the lease go: the survivor takes it at its next try, long before the lease would run out.
        awaitRole(survivor, "LEADER", LEASE.minusSeconds(1));
        long after = insertOrder("ben");
        awaitOrder(survivor, after);
        assertThat(viewCount("ben")).isEqualTo(2L);
    }

    @Test
    void aLeaseLeftByALeaderThatDiedIsTakenOverOnlyOnceItRunsOut() throws Exception {
        freshDatabases();
        Pod pod = startPod();
        awaitRole(pod, "LEADER", Duration.ofSeconds(30));

        // What a leader killed with -9 leaves behind: its lease row, still valid for a while.
        Instant expires = Instant.now().plus(LEASE);
        executeOnReadModel("update int_lock set client_id = '1@dead-pod/00000000',"
                + " expired_after = (now() at time zone 'utc') + interval '" + LEASE.toMillis() + " milliseconds'");

        awaitRole(pod, "FOLLOWER", Duration.ofSeconds(3));
        assertThat(status(pod).get("leader").asString()).isEqualTo("1@dead-pod/00000000");
        while (Instant.now().isBefore(expires.minusMillis(500))) {
            assertThat(status(pod).get("role").asString())
                    .as("nobody takes a lease that has not run out")
                    .isEqualTo("FOLLOWER");
            Thread.sleep(100);
        }
        awaitRole(pod, "LEADER", Duration.ofSeconds(10));
        long id = insertOrder("cleo");
        awaitOrder(pod, id);
    }

    @Test
    void aRebuildRequestedOnAFollowerIsBuiltByTheLeaderAndEveryPodReadsTheNewGeneration() throws Exception {
        Pod[] pods = twoPods();
        Pod leader = pods[0];
        Pod follower = pods[1];
        long id = insertOrder("dora");
        String before = awaitOrder(follower, id);
        int generation = status(follower).get("generation").asInt();

        HttpResponse<String> requested = send(
                follower,
                HttpRequest.newBuilder(follower.uri("/actuator/readmodel")).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(requested.statusCode()).isEqualTo(200);
        JsonNode rebuild = json.readTree(requested.body());
        assertThat(rebuild.get("generation").asInt()).isEqualTo(generation + 1);
        assertThat(rebuild.get("state").asString()).isEqualTo("BUILDING");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (Pod pod : List.of(leader, follower)) {
                        HttpResponse<String> read = get(pod, "/api/orders/" + id);
                        assertThat(read.statusCode())
                                .as("reads during the rebuild")
                                .isEqualTo(200);
                        assertThat(read.body()).isEqualTo(before);
                        JsonNode status = status(pod);
                        assertThat(status.get("generation").asInt()).isEqualTo(generation + 1);
                        assertThat(status.get("rebuild").get("state").asString())
                                .isEqualTo("SWITCHED");
                    }
                });
        long after = insertOrder("dora");
        assertThat(awaitOrder(follower, after)).contains("\"customerId\":\"dora\"");
        await().atMost(Duration.ofSeconds(20)).until(() -> !schemaExists("g" + generation), gone -> gone);
    }

    /**
     * A leader's Debezium offsets can be older than its slot's confirmed position: they are flushed every second, and
     * a pod that took the lead while the old leader was paused loaded them before the old one flushed its last. The
     * slot then streams from its own position, and the first transaction must still be applied (it was dropped as
     * "already applied" when positions were taken from Debezium's offsets, which then named an old commit).
     *
     * <p>Here the slot's restart LSN has also moved past the offsets (Postgres moves it at its next running-transactions
     * record, every 15 s or at a checkpoint, so it happens in production whenever the old leader ran a little longer):
     * Debezium's default check then refused to start ("no longer available on the server") at every restart, and the
     * source was never read again. The slot is what the projection acknowledged, so the engine trusts it.
     */
    @Test
    void aLeaderWhoseOffsetsAreOlderThanItsSlotStillAppliesWhatItStreams() throws Exception {
        freshDatabases();
        Pod first = startPod();
        awaitRole(first, "LEADER", Duration.ofSeconds(30));
        long early = insertOrder("eve");
        awaitOrder(first, early);
        Thread.sleep(2_000); // offsets flushed (offset-flush-interval 1 s)
        List<Object[]> staleOffsets = offsetsOfTheOrdersEngine();
        long staleLsn = staleOffsets.stream()
                .mapToLong(row -> StoredOffsets.newestLsn((byte[]) row[1]))
                .max()
                .orElseThrow();

        long late = insertOrder("eve");
        awaitOrder(first, late);
        Thread.sleep(2_000); // offsets and the slot's confirmed position past it
        first.context().close();
        restoreOffsetsOfTheOrdersEngine(staleOffsets);
        // and the slot confirmed up to now, as the old leader's last acknowledgements leave it (all of it applied),
        // with its restart LSN past the offsets (Postgres moves it at a running-transactions record: one is logged and
        // the slot advanced past it, until the WAL is flushed that far: commits here are asynchronous)
        String slot = "scale" + runs.get() + "_orders_g1";
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    SourceDatabases.execute(sources.orders, "select pg_log_standby_snapshot()");
                    SourceDatabases.execute(
                            sources.orders, "select pg_replication_slot_advance(?, pg_current_wal_lsn())", slot);
                    assertThat(walPosition(
                                    sources.orders,
                                    "select restart_lsn from pg_replication_slots where slot_name = '" + slot + "'"))
                            .as("the slot's restart LSN is past the stored offsets")
                            .isGreaterThan(staleLsn);
                });

        Pod second = startPod();
        awaitRole(second, "LEADER", Duration.ofSeconds(30));
        SourceDatabases.execute(
                sources.orders,
                "update orders set status = 'APPROVED', updated_at = now(), version = version + 1 where id = ?",
                late);

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(awaitOrder(second, late)).contains("\"status\":\"APPROVED\""));
    }

    /**
     * After a restart Debezium looks for where to resume (the first transaction committed after its stored position)
     * and neither hands over nor confirms anything until it finds it. On a source that stays idle that search must
     * still end, on the engine's own heartbeat message, or the engine stays "not streaming" and holds its slot's WAL
     * until the source's next write (what the outbox relay did, IdleRelaySlotIT). Here the stored offsets end on a
     * transaction, not on a heartbeat.
     */
    @Test
    void aLeaderResumingOnIdleSourcesStreamsAtOnce() throws Exception {
        freshDatabases();
        // no heartbeat: the stored offsets end on the order's transaction, not on a heartbeat message
        Pod first = startPod(Map.of("shopfloor.readmodel.cdc.heartbeat-interval", "1h"));
        awaitRole(first, "LEADER", Duration.ofSeconds(30));
        long id = insertOrder("fay");
        awaitOrder(first, id);
        Thread.sleep(2_000); // offsets flushed (offset-flush-interval 1 s)
        first.context().close();

        Pod second = startPod();
        awaitRole(second, "LEADER", Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(
                                status(second).at("/sources/orders/streaming").asBoolean())
                        .as("the orders engine reads the WAL while the orders database stays idle")
                        .isTrue());
    }

    /** One running application context and its port. */
    record Pod(ConfigurableApplicationContext context, int port) {
        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }

    private void freshDatabases() {
        int run = runs.incrementAndGet();
        sources = SourceDatabases.create("scale" + run);
        readModel = Infrastructure.get().createDatabase("scale" + run + "_readmodel");
    }

    private Pod startPod() {
        return startPod(Map.of());
    }

    /** A pod with these properties added to (or replacing) the test's. */
    private Pod startPod(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put("spring.datasource.url", readModel.jdbcUrl());
        properties.put("spring.datasource.username", readModel.username());
        properties.put("spring.datasource.password", readModel.password());
        properties.put("spring.data.redis.host", Infrastructure.get().redisHost());
        properties.put("spring.data.redis.port", Infrastructure.get().redisPort());
        properties.put(
                "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                AuthServerProcess.get().issuer());
        properties.put("management.tracing.export.zipkin.enabled", false);
        properties.put("shopfloor.readmodel.cdc.slot-prefix", "scale" + runs.get());
        properties.put("shopfloor.readmodel.leader.lease", LEASE.toMillis() + "ms");
        properties.put("shopfloor.readmodel.leader.heartbeat", "250ms");
        properties.put("shopfloor.readmodel.leader.generation-refresh", "250ms");
        properties.putAll(sources.properties());
        properties.putAll(overrides);
        // as command-line arguments, which outrank application.yml (builder properties would not)
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ReadModelServiceApplication.class)
                .run(properties.entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue())
                        .toArray(String[]::new));
        pods.add(context);
        return new Pod(
                context, ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** Two pods on fresh databases, once one of them leads: {@code [leader, follower]}. */
    private Pod[] twoPods() throws Exception {
        freshDatabases();
        Pod a = startPod();
        Pod b = startPod();
        Pod leader = awaitOneLeader(a, b);
        return new Pod[] {leader, leader == a ? b : a};
    }

    /** Waits until the pod's {@code /actuator/readmodel} says it has this role. */
    private void awaitRole(Pod pod, String role, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> role.equals(status(pod).get("role").asString()));
    }

    private Pod awaitOneLeader(Pod a, Pod b) throws Exception {
        Pod[] leader = new Pod[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    String roleA = status(a).get("role").asString();
                    String roleB = status(b).get("role").asString();
                    assertThat(List.of(roleA, roleB)).containsExactlyInAnyOrder("LEADER", "FOLLOWER");
                    leader[0] = "LEADER".equals(roleA) ? a : b;
                });
        // and it stays that way: the follower keeps trying, and keeps failing, while the leader renews
        for (int i = 0; i < 10; i++) {
            assertThat(status(leader[0]).get("role").asString()).isEqualTo("LEADER");
            assertThat(status(leader[0] == a ? b : a).get("role").asString()).isEqualTo("FOLLOWER");
        }
        return leader[0];
    }

    private long insertOrder(String customer) {
        long id = ids.incrementAndGet();
        SourceDatabases.execute(
                sources.orders,
                "insert into orders (id, customer_id, status, total_amount, currency, created_at, updated_at, version)"
                        + " values (?, ?, 'PENDING', 4.50, 'EUR', now(), now(), 0)",
                id,
                customer);
        return id;
    }

    private String awaitOrder(Pod pod, long id) {
        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    HttpResponse<String> read = get(pod, "/api/orders/" + id);
                    assertThat(read.statusCode()).isEqualTo(200);
                    body[0] = read.body();
                });
        return body[0];
    }

    private JsonNode status(Pod pod) throws Exception {
        HttpResponse<String> response = get(pod, "/actuator/readmodel");
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private double leaderGauge(Pod pod) throws Exception {
        return get(pod, "/actuator/prometheus")
                .body()
                .lines()
                .filter(line -> line.startsWith("shopfloor_readmodel_projector_leader{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow();
    }

    private HttpResponse<String> get(Pod pod, String path) throws Exception {
        return send(pod, HttpRequest.newBuilder(pod.uri(path)));
    }

    private HttpResponse<String> send(Pod pod, HttpRequest.Builder request) throws Exception {
        return http.send(
                request.header("Authorization", AuthServerProcess.get().bearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long activeSlots() throws SQLException {
        return count(
                sources.orders,
                "select count(*) from pg_replication_slots where active and slot_name like 'scale" + runs.get()
                        + "\\_%'");
    }

    private long viewCount(String customer) throws SQLException {
        return count(readModel, "select count(*) from g1.order_view where customer_id = '" + customer + "'");
    }

    private boolean schemaExists(String schema) throws SQLException {
        return count(readModel, "select count(*) from information_schema.schemata where schema_name = '" + schema + "'")
                > 0;
    }

    private List<Object[]> offsetsOfTheOrdersEngine() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection connection = connect(readModel);
                ResultSet found = connection
                        .createStatement()
                        .executeQuery(
                                "select offset_key, offset_value from relay_offset where owner = 'readmodel-orders-g1'")) {
            while (found.next()) {
                rows.add(new Object[] {found.getBytes(1), found.getBytes(2)});
            }
        }
        assertThat(rows).as("stored offsets of the orders engine").isNotEmpty();
        return rows;
    }

    private void restoreOffsetsOfTheOrdersEngine(List<Object[]> rows) throws SQLException {
        try (Connection connection = connect(readModel);
                java.sql.PreparedStatement update = connection.prepareStatement(
                        "update relay_offset set offset_value = ? where owner = 'readmodel-orders-g1' and offset_key = ?")) {
            for (Object[] row : rows) {
                update.setBytes(1, (byte[]) row[1]);
                update.setBytes(2, (byte[]) row[0]);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }
    }

    /** An LSN in bytes: {@code lsn} is an SQL expression of type {@code pg_lsn}, e.g. {@code pg_current_wal_lsn()}. */
    private static long walPosition(DatabaseLogin login, String lsn) throws SQLException {
        return count(login, "select (" + lsn + ") - '0/0'::pg_lsn");
    }

    /** The single number a {@code select count(*)} answers. */
    private static long count(DatabaseLogin login, String sql) throws SQLException {
        try (Connection connection = connect(login);
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void executeOnReadModel(String sql) throws SQLException {
        try (Connection connection = connect(readModel)) {
            connection.createStatement().execute(sql);
        }
    }

    private static Connection connect(DatabaseLogin login) throws SQLException {
        return DriverManager.getConnection(login.jdbcUrl(), login.username(), login.password());
    }
}
