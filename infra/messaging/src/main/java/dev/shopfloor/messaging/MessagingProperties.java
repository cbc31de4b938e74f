package dev.shopfloor.messaging;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the messaging library, prefix {@code shopfloor.messaging}.
 *
 * @param relay the outbox relay (Debezium embedded engine on the service's own outbox table)
 * @param consumer retry and dead-letter settings of Kafka consumers
 * @param topics how topics are created at start-up
 */
@Validated
@ConfigurationProperties("shopfloor.messaging")
public record MessagingProperties(
        @DefaultValue Relay relay,
        @DefaultValue Consumer consumer,
        @DefaultValue TopicSettings topics) {

    /**
     * @param enabled whether this service runs an outbox relay
     * @param name a name for this relay, unique per service (used for the offset row and the Debezium topic prefix)
     * @param slotName the logical replication slot; when empty, {@code outbox_<database name>}: slots are
     *     cluster-wide, the database name keeps two services on one cluster apart
     * @param publicationName the Postgres publication over the outbox table (created by the outbox migration)
     * @param pollInterval how long Debezium waits for new changes when its queue is empty (latency, not load)
     * @param offsetFlushInterval how often acknowledged positions are written to {@code relay_offset}; a crash
     *     replays at most this much, and consumers' inboxes absorb the replay
     * @param heartbeatInterval how often the relay writes a logical decoding message into its database's WAL, reads
     *     it back and confirms its position, so the slot of an idle outbox does not hold back the WAL that other
     *     tables and databases of the server write
     * @param sendTimeout how long the relay waits for Kafka to acknowledge a batch before it restarts and retries
     * @param restartBackoff the pause before the relay restarts after a failure
     * @param failoverSlot whether the relay's slot is a failover slot on PostgreSQL 17 and later, which the standbys
     *     keep a copy of ({@code sync_replication_slots}) so that the relay resumes after a failover; an existing
     *     plain slot is made one at a start that finds it unused. Off: new slots are plain, existing ones stay as
     *     they are. On older PostgreSQL the slot is plain either way
     * @param markRetryInterval how often the relay tries again to set {@code published_at} of acknowledged rows it did
     *     not find (a commit is decoded a moment before other sessions see it), and checks whether rows left unmarked
     *     by a restart can be marked
     * @param markAttempts how many of those tries find no row before the relay stops looking for it (a deleted row);
     *     a sweep after the slot's confirmed position marks any row it missed
     */
    public record Relay(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("outbox-relay") @NotBlank String name,
            String slotName,
            @DefaultValue("shopfloor_outbox") @NotBlank String publicationName,
            @DefaultValue("10ms") Duration pollInterval,
            @DefaultValue("1s") Duration offsetFlushInterval,
            @DefaultValue("10s") Duration heartbeatInterval,
            @DefaultValue("30s") Duration sendTimeout,
            @DefaultValue("2s") Duration restartBackoff,
            @DefaultValue("true") boolean failoverSlot,
            @DefaultValue("500ms") Duration markRetryInterval,
            @DefaultValue("20") @Min(1) int markAttempts) {}

    /**
     * @param attempts how many times a failing record is tried in all before it goes to the dead-letter topic
     * @param initialBackoff pause after the first failure; it doubles after each further failure
     * @param maxBackoff the longest pause between two tries
     */
    public record Consumer(
            @DefaultValue("4") @Min(1) int attempts,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("2s") Duration maxBackoff) {}

    /**
     * @param partitions partitions of every platform topic and dead-letter topic (DESIGN.md §5: 6)
     * @param replicas replication factor; 1 on a single local broker
     */
    public record TopicSettings(
            @DefaultValue("6") @Min(1) int partitions,
            @DefaultValue("1") @Min(1) short replicas) {}
}
