package dev.shopfloor.readmodel.rebuild;

import dev.shopfloor.readmodel.projection.Generation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The projection's generations (table {@code projection_generation}) and which one answers queries. Reading
 * {@link #current()} costs no database round trip: it is switched in memory right after the switch committed.
 */
@Component
public class Generations {

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

    /** The generation queries read; empty only before {@link #ensureCurrent()}. */
    public Generation current() {
        Generation generation = current.get();
        if (generation == null) {
            throw new IllegalStateException("the read model has no current generation yet");
        }
        return generation;
    }

    /**
     * Loads the current generation, creating generation 1 on the very first start. A generation left
     * {@code BUILDING} by a rebuild that did not finish (the process stopped) is returned so its leftovers can be
     * removed.
     */
    public Optional<Generation> ensureCurrent() {
        Generation found = transactions.execute(status -> {
            Optional<Integer> number = jdbc.sql("select number from projection_generation where state = 'CURRENT'")
                    .query(Integer.class)
                    .optional();
            if (number.isPresent()) {
                return new Generation(number.get());
            }
            Generation first = new Generation(1);
            createTables(first);
            jdbc.sql("insert into projection_generation (number, state, switched_at) values (1, 'CURRENT', now())")
                    .update();
            return first;
        });
        current.set(found);
        return jdbc.sql("select number from projection_generation where state = 'BUILDING'")
                .query(Integer.class)
                .optional()
                .map(Generation::new);
    }

    /** Creates the tables of the generation after the newest one, state {@code BUILDING}. */
    public Generation createNext() {
        return transactions.execute(status -> {
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

    /** Makes {@code next} the generation queries read; the previous one becomes {@code RETIRED}. */
    public void switchTo(Generation next) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("update projection_generation set state = 'RETIRED' where state = 'CURRENT'")
                    .update();
            jdbc.sql("update projection_generation set state = 'CURRENT', switched_at = now() where number = :n")
                    .param("n", next.number())
                    .update();
        });
        current.set(next);
    }

    /** Drops a generation's tables; its row stays, {@code RETIRED}. */
    public void drop(Generation generation) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("drop schema if exists " + generation.schema() + " cascade")
                    .update();
            jdbc.sql("update projection_generation set state = 'RETIRED' where number = :n")
                    .param("n", generation.number())
                    .update();
        });
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
}
