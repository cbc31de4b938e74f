package dev.shopfloor.readmodel.rebuild;

import dev.shopfloor.readmodel.projection.Generation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The projection's generations (table {@code projection_generation}, shared by every pod of the service) and which
 * one answers queries.
 *
 * <p>States: {@code CURRENT} (exactly one, queries read it), {@code BUILDING} (at most one: a requested rebuild),
 * {@code RETIRED} (a former current one, its tables dropped), {@code FAILED} (a rebuild that gave up). Any pod may
 * request a rebuild; only the projector leader builds and switches ({@link ReadModelRuntime}). The other pods learn of
 * a switch by {@link #refresh()}.
 *
 * <p>Reading {@link #current()} costs no database round trip: the leader sets it right after its switch committed,
 * the others at their next refresh.
 */
@Component
public class Generations {

    // Serializes the statements that create generations, whichever pod runs them (pg_advisory_xact_lock key).
    private static final long CREATE_LOCK = 0x7265_6164_6d6f_6465L; // "readmode"

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final String template;
    private final AtomicReference<Generation> current = new AtomicReference<>();

    Generations(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        try {
            this.template =
                    new ClassPathResource("db/projection/generation.sql").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What became of the newest rebuild.
     *
     * @param generation the generation it builds or built
     * @param state {@code BUILDING}, {@code SWITCHED} (queries read it, or did until a later rebuild) or
     *     {@code FAILED}
     * @param finishedAt when it switched or gave up; null while building
     * @param error why it gave up; null otherwise
     */
    public record RebuildStatus(int generation, String state, Instant startedAt, Instant finishedAt, String error) {}

    /** The generation queries read; throws {@link IllegalStateException} before {@link #ensureCurrent()}. */
    public Generation current() {
        Generation generation = current.get();
        if (generation == null) {
            throw new IllegalStateException("the read model has no current generation yet");
        }
        return generation;
    }

    /** Loads the current generation, creating generation 1 on the very first start of any pod. */
    public Generation ensureCurrent() {
        Generation found = transactions.execute(status -> {
            lockCreation();
            return currentInDatabase().orElseGet(() -> {
                Generation first = new Generation(1);
                createTables(first);
                jdbc.sql("insert into projection_generation (number, state, switched_at) values (1, 'CURRENT', now())")
                        .update();
                return first;
            });
        });
        current.set(found);
        return found;
    }

    /** Reads which generation is current now (a switch by the leader, seen by the other pods). */
    public Generation refresh() {
        Generation found = currentInDatabase()
                .orElseThrow(() -> new IllegalStateException("the read model has no current generation"));
        current.set(found);
        return found;
    }

    /**
     * Records a rebuild request: creates the next generation's tables, state {@code BUILDING}, unless a rebuild is
     * already requested or running, whose generation is then returned.
     */
    public Generation requestRebuild() {
        return transactions.execute(status -> {
            lockCreation();
            Optional<Generation> building = building();
            if (building.isPresent()) {
                return building.get();
            }
            int newest = jdbc.sql("select coalesce(max(number), 0) from projection_generation")
                    .query(Integer.class)
                    .single();
            Generation next = new Generation(newest + 1);
            createTables(next);
            jdbc.sql("insert into projection_generation (number, state) values (:n, 'BUILDING')")
                    .param("n", next.number())
                    .update();
            return next;
        });
    }

    /** The generation a rebuild is building, if one is. */
    public Optional<Generation> building() {
        return jdbc.sql("select number from projection_generation where state = 'BUILDING'")
                .query(Integer.class)
                .optional()
                .map(Generation::new);
    }

    /**
     * The leader takes a rebuild up: empties the generation's tables (a leader before it may have half filled them)
     * and stamps it with a new fencing token, which the switch must present.
     *
     * @return the token, or empty when the generation is no longer {@code BUILDING}
     */
    public Optional<UUID> takeUp(Generation generation) {
        return transactions.execute(status -> {
            UUID token = UUID.randomUUID();
            int taken = jdbc.sql("update projection_generation set builder = :token"
                            + " where number = :n and state = 'BUILDING'")
                    .param("token", token)
                    .param("n", generation.number())
                    .update();
            if (taken == 0) {
                return Optional.<UUID>empty();
            }
            jdbc.sql("drop schema if exists " + generation.schema() + " cascade")
                    .update();
            createTables(generation);
            return Optional.of(token);
        });
    }

    /**
     * Makes {@code next} the generation queries read; the previous one becomes {@code RETIRED}.
     *
     * @param token the fencing token {@link #takeUp} gave this builder
     * @return false, and nothing changed, when another leader has taken the rebuild up since (the token differs) or
     *     it is no longer {@code BUILDING}
     */
    public boolean switchTo(Generation next, UUID token) {
        Boolean switched = transactions.execute(status -> {
            // locks the row, so a leader taking the rebuild up at this moment waits for the switch, or wins before it
            boolean ours = jdbc.sql("select 1 from projection_generation"
                            + " where number = :n and state = 'BUILDING' and builder = :token for update")
                    .param("n", next.number())
                    .param("token", token)
                    .query(Integer.class)
                    .optional()
                    .isPresent();
            if (!ours) {
                return false;
            }
            jdbc.sql("update projection_generation set state = 'RETIRED' where state = 'CURRENT'")
                    .update();
            jdbc.sql("update projection_generation set state = 'CURRENT', switched_at = now(), finished_at = now()"
                            + " where number = :n")
                    .param("n", next.number())
                    .update();
            return true;
        });
        if (Boolean.TRUE.equals(switched)) {
            current.set(next);
            return true;
        }
        return false;
    }

    /**
     * Gives a rebuild up: state {@code FAILED} with its reason, tables dropped. Only a generation still
     * {@code BUILDING}: one that has switched (or was given up before) is left as it is.
     */
    public void fail(Generation generation, String error) {
        transactions.executeWithoutResult(status -> {
            int failed = jdbc.sql(
                            "update projection_generation set state = 'FAILED', finished_at = now(), error = :error"
                                    + " where number = :n and state = 'BUILDING'")
                    .param("error", error)
                    .param("n", generation.number())
                    .update();
            if (failed > 0) {
                jdbc.sql("drop schema if exists " + generation.schema() + " cascade")
                        .update();
            }
        });
    }

    /** Drops a retired generation's tables; its row stays, {@code RETIRED}. */
    public void drop(Generation generation) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("drop schema if exists " + generation.schema() + " cascade")
                    .update();
            jdbc.sql("update projection_generation set state = 'RETIRED' where number = :n and state <> 'FAILED'")
                    .param("n", generation.number())
                    .update();
        });
    }

    /** Drops the tables of every {@code RETIRED} generation that still has them; they are found by schema name. */
    public void dropLeftoverRetiredTables() {
        List<Generation> retired = jdbc
                .sql("select number from projection_generation where state = 'RETIRED'")
                .query(Integer.class)
                .list()
                .stream()
                .map(Generation::new)
                .toList();
        if (retired.isEmpty()) {
            return;
        }
        List<String> schemas = jdbc.sql(
                        "select schema_name from information_schema.schemata" + " where schema_name in (:schemas)")
                .param("schemas", retired.stream().map(Generation::schema).toList())
                .query(String.class)
                .list();
        retired.stream().filter(g -> schemas.contains(g.schema())).forEach(this::drop);
    }

    /** The newest rebuild (generation 2 or later), if there ever was one. */
    public Optional<RebuildStatus> lastRebuild() {
        return jdbc.sql("select number, state, created_at, finished_at, error from projection_generation"
                        + " where number > 1 order by number desc limit 1")
                .query((rs, n) -> new RebuildStatus(
                        rs.getInt(1),
                        switch (rs.getString(2)) {
                            case "CURRENT", "RETIRED" -> "SWITCHED";
                            default -> rs.getString(2);
                        },
                        instant(rs.getObject(3, OffsetDateTime.class)),
                        instant(rs.getObject(4, OffsetDateTime.class)),
                        rs.getString(5)))
                .optional();
    }

    private Optional<Generation> currentInDatabase() {
        return jdbc.sql("select number from projection_generation where state = 'CURRENT'")
                .query(Integer.class)
                .optional()
                .map(Generation::new);
    }

    private void lockCreation() {
        jdbc.sql("select pg_advisory_xact_lock(:key)")
                .param("key", CREATE_LOCK)
                .query()
                .singleRow();
    }

    private void createTables(Generation generation) {
        for (String statement :
                template.replace("${schema}", generation.schema()).split(";\\s*\\n")) {
            String sql = statement
                    .lines()
                    .filter(line -> !line.strip().startsWith("--"))
                    .reduce("", (a, b) -> a + "\n" + b)
                    .strip();
            if (!sql.isEmpty()) {
                jdbc.sql(sql).update();
            }
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
