package dev.shopfloor.readmodel.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.readmodel.projection.Generation;
import dev.shopfloor.testing.Infrastructure;
import dev.shopfloor.testing.PostgresServer.DatabaseLogin;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The generations table as several pods share it, on real Postgres with the service's migrations: one first
 * generation however many pods start at once, one rebuild at a time, and a switch only by the leader that holds the
 * rebuild's current fencing token.
 */
class GenerationsIT {

    static final AtomicInteger databases = new AtomicInteger();

    JdbcClient jdbc;
    TransactionTemplate transactions;

    @BeforeEach
    void freshDatabase() {
        DatabaseLogin login = Infrastructure.get().createDatabase("generations" + databases.incrementAndGet());
        migrate(login, "latest");
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(
                new org.postgresql.Driver(), login.jdbcUrl(), login.username(), login.password());
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Test
    void upgradesTheSourcePositionsOfGenerationsMadeBeforePositionsWereCommitLsns() {
        DatabaseLogin login = Infrastructure.get().createDatabase("generations_upgrade" + databases.incrementAndGet());
        migrate(login, "2");
        JdbcClient old = JdbcClient.create(new SimpleDriverDataSource(
                new org.postgresql.Driver(), login.jdbcUrl(), login.username(), login.password()));
        old.sql("insert into projection_generation (number, state) values (1, 'CURRENT')")
                .update();
        old.sql("create schema g1").update();
        old.sql("create table g1.source_position (source text primary key, previous_commit_lsn bigint not null,"
                        + " lsn bigint not null, updated_at timestamptz not null default now())")
                .update();
        old.sql("insert into g1.source_position (source, previous_commit_lsn, lsn) values ('orders', 7, 9)")
                .update();

        migrate(login, "latest");

        assertThat(old.sql("select commit_lsn from g1.source_position where source = 'orders'")
                        .query(Long.class)
                        .single())
                .isEqualTo(7L);
    }

    @Test
    void dropsTheTablesOfRetiredGenerationsThatStillHaveThem() {
        Generations pod = pod();
        Generation first = pod.ensureCurrent();
        Generation next = pod.requestRebuild();
        assertThat(pod.switchTo(next, pod.takeUp(next).orElseThrow())).isTrue(); // first is RETIRED, tables kept

        pod.dropLeftoverRetiredTables();
        pod.dropLeftoverRetiredTables(); // nothing left to drop

        assertThat(schemaExists(first)).isFalse();
        assertThat(schemaExists(next)).isTrue();
    }

    private boolean schemaExists(Generation generation) {
        return jdbc.sql("select count(*) from information_schema.schemata where schema_name = :schema")
                        .param("schema", generation.schema())
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** Applies the service's migrations up to {@code target} ({@code latest} for all). */
    private static void migrate(DatabaseLogin login, String target) {
        Flyway.configure()
                .dataSource(login.jdbcUrl(), login.username(), login.password())
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }

    Generations pod() {
        return new Generations(jdbc, transactions);
    }

    @Test
    void podsStartingTogetherOnAnEmptyDatabaseMakeOneFirstGeneration() throws Exception {
        int pods = 4;
        CyclicBarrier together = new CyclicBarrier(pods);
        List<CompletableFuture<Generation>> started = java.util.stream.IntStream.range(0, pods)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return pod().ensureCurrent();
                }))
                .toList();

        for (CompletableFuture<Generation> pod : started) {
            assertThat(pod.get()).isEqualTo(new Generation(1));
        }
        assertThat(jdbc.sql("select count(*) from projection_generation")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aSecondRebuildRequestJoinsTheOneAlreadyRequested() {
        Generations a = pod();
        Generations b = pod();
        a.ensureCurrent();

        Generation first = a.requestRebuild();
        Generation second = b.requestRebuild();

        assertThat(first).isEqualTo(new Generation(2));
        assertThat(second).isEqualTo(first);
        assertThat(b.lastRebuild().orElseThrow().state()).isEqualTo("BUILDING");
    }

    @Test
    void aLeaderWhoseRebuildAnotherLeaderTookUpCannotSwitch() {
        Generations stale = pod();
        Generations current = pod();
        stale.ensureCurrent();
        current.ensureCurrent();
        Generation next = stale.requestRebuild();
        UUID staleToken = stale.takeUp(next).orElseThrow();
        UUID currentToken = current.takeUp(next).orElseThrow();

        assertThat(stale.switchTo(next, staleToken)).isFalse();
        assertThat(current.refresh()).as("nothing switched").isEqualTo(new Generation(1));

        assertThat(current.switchTo(next, currentToken)).isTrue();
        assertThat(stale.refresh()).isEqualTo(next);
        assertThat(stale.lastRebuild().orElseThrow().state()).isEqualTo("SWITCHED");
        assertThat(stale.takeUp(next))
                .as("a switched generation is no longer taken up")
                .isEmpty();
    }

    @Test
    void aFailureReportedAfterTheSwitchLeavesTheNewGenerationAlone() {
        Generations pod = pod();
        pod.ensureCurrent();
        Generation next = pod.requestRebuild();
        assertThat(pod.switchTo(next, pod.takeUp(next).orElseThrow())).isTrue();

        // e.g. dropping the old generation's tables failed after the switch, and that was taken for the rebuild's end
        pod.fail(next, "could not drop g1");

        assertThat(pod.refresh()).isEqualTo(next);
        assertThat(pod.lastRebuild().orElseThrow().state()).isEqualTo("SWITCHED");
        assertThat(jdbc.sql("select count(*) from information_schema.tables where table_schema = :schema")
                        .param("schema", next.schema())
                        .query(Integer.class)
                        .single())
                .as("the new generation's tables")
                .isPositive();
    }

    @Test
    void aRebuildThatGaveUpIsReportedWithItsReasonAndTheNextRequestTakesANewNumber() {
        Generations pod = pod();
        pod.ensureCurrent();
        Generation next = pod.requestRebuild();

        pod.fail(next, "source orders unreachable");

        Generations.RebuildStatus status = pod.lastRebuild().orElseThrow();
        assertThat(status.state()).isEqualTo("FAILED");
        assertThat(status.error()).isEqualTo("source orders unreachable");
        assertThat(status.finishedAt()).isNotNull();
        assertThat(pod.refresh()).isEqualTo(new Generation(1));
        assertThat(pod.requestRebuild()).isEqualTo(new Generation(3));
    }
}
