package dev.shopfloor.messaging.relay;

import java.util.Collection;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sets {@code published_at} of the rows of an acknowledged batch; {@code shopfloor.outbox.waiting} counts the rest. */
final class PublishedRows {

    private static final Logger log = LoggerFactory.getLogger(PublishedRows.class);

    private final JdbcClient jdbc;

    PublishedRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void acknowledged(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            jdbc.sql("update outbox set published_at = now() where id in (:ids) and published_at is null")
                    .param("ids", ids)
                    .update();
        } catch (DataAccessException e) {
            log.warn("Could not mark {} published outbox rows; shopfloor.outbox.waiting counts them", ids.size(), e);
        }
    }

    void retry() {}
}
