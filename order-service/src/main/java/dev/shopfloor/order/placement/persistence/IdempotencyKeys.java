package dev.shopfloor.order.placement.persistence;

import dev.shopfloor.order.domain.OrderId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Remembers which order each caller's {@code Idempotency-Key} produced, and from which request (table
 * {@code idempotency_key}). Caller and key are the primary key: of two requests that claim one key at once, one wins;
 * the same key of two callers is two keys.
 *
 * <p>Keys expire: a claim made before the caller's {@code notBefore} is as good as absent, and a new claim takes its
 * row over (the old order keeps existing; only the key is reused).
 */
@Repository
public class IdempotencyKeys {

    private final JdbcClient jdbc;

    public IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What a key produced before.
     *
     * @param requestHash SHA-256 of the canonical request that first used the key
     */
    public record Claim(String key, String requestHash, OrderId orderId) {}

    /**
     * The claim on {@code key}, or empty when the key is new or its claim expired.
     *
     * @param notBefore claims made before this instant have expired
     */
    public Optional<Claim> find(String caller, String key, Instant notBefore) {
        return jdbc.sql("""
                        select request_hash, order_id from idempotency_key
                         where caller = :caller and key = :key and created_at >= :notBefore""")
                .param("caller", caller)
                .param("key", key)
                .param("notBefore", Timestamp.from(notBefore))
                .query((rs, n) -> new Claim(key, rs.getString("request_hash"), new OrderId(rs.getLong("order_id"))))
                .optional();
    }

    /**
     * Claims {@code key} for {@code orderId} in the current transaction, also when an expired claim holds it. When
     * another transaction holds or has committed a live claim on the same key, this waits for it, and answers {@code
     * false} if it committed.
     *
     * @param notBefore claims made before this instant have expired and are taken over
     * @return {@code true} when this transaction now owns the key
     */
    public boolean claim(
            String caller, String key, String requestHash, OrderId orderId, Instant now, Instant notBefore) {
        return jdbc.sql("""
                                insert into idempotency_key (caller, key, request_hash, order_id, created_at)
                                values (:caller, :key, :hash, :orderId, :createdAt)
                                on conflict (caller, key) do update
                                   set request_hash = excluded.request_hash, order_id = excluded.order_id,
                                       created_at = excluded.created_at
                                 where idempotency_key.created_at < :notBefore
                                """)
                        .param("caller", caller)
                        .param("key", key)
                        .param("hash", requestHash)
                        .param("orderId", orderId.value())
                        .param("createdAt", Timestamp.from(now))
                        .param("notBefore", Timestamp.from(notBefore))
                        .update()
                == 1;
    }
}
