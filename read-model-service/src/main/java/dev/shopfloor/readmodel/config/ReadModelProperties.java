package dev.shopfloor.readmodel.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of read-model-service, prefix {@code shopfloor.readmodel}.
 *
 * @param sources the captured databases by name ({@code orders}, {@code payments}, {@code inventory}); overridable
 *     per source by environment, e.g. {@code SHOPFLOOR_READMODEL_SOURCES_ORDERS_URL}
 * @param cdc how the Debezium engines read the sources
 * @param cache the Redis cache of {@code GET /api/orders/{orderId}}
 * @param leader how the pods of the service elect the one that runs the CDC engines
 */
@Validated
@ConfigurationProperties("shopfloor.readmodel")
public record ReadModelProperties(
        @NotEmpty @Valid Map<String, Source> sources,
        @DefaultValue @Valid Cdc cdc,
        @DefaultValue @Valid Cache cache,
        @DefaultValue @Valid Leader leader) {

    /**
     * The pods that do not lead must see a rebuild's switch before the old generation's tables go, or their queries
     * fail meanwhile.
     */
    @AssertTrue(message = "leader.generation-refresh must be shorter than cdc.retire-grace")
    public boolean isGenerationRefreshShorterThanRetireGrace() {
        return cdc == null
                || leader == null
                || cdc.retireGrace() == null
                || leader.generationRefresh() == null
                || leader.generationRefresh().compareTo(cdc.retireGrace()) < 0;
    }

    /**
     * One captured database.
     *
     * @param url {@code jdbc:postgresql://host:port/database}
     * @param username a login with the REPLICATION attribute that owns the captured tables (it creates the
     *     publication over them; docs/adr/0006-cqrs-read-model-by-cdc.md)
     * @param tables the captured tables of schema {@code public}
     */
    public record Source(
            @NotBlank String url,
            @NotBlank String username,
            String password,
            @NotEmpty List<String> tables) {

        public String passwordOrEmpty() {
            return password == null ? "" : password;
        }
    }

    /**
     * @param slotPrefix replication slots are named {@code <prefix>_<source>_g<generation>}
     * @param publication the publication created in each source database over its captured tables
     * @param pollInterval how long Debezium waits for new changes when its queue is empty (latency, not load)
     * @param heartbeatInterval how often each engine writes a logical message into its source's WAL and confirms
     *     its position, so an idle source's slot does not hold back WAL that other databases write
     * @param offsetFlushInterval how often Debezium's offsets are stored (and the slot's position confirmed)
     * @param restartBackoff the pause before an engine that stopped (source down, tables not there yet) starts again
     * @param retireGrace how long a retired generation's tables stay after a rebuild switched, for queries in flight
     * @param failoverSlots whether the engines' slots are failover slots on PostgreSQL 17 and later, which the
     *     standbys keep a copy of ({@code sync_replication_slots}) so that CDC resumes after a failover; an existing
     *     plain slot is made one when its engine starts and finds it unused. Off: new slots are plain, existing ones
     *     stay as they are. On older PostgreSQL the slots are plain either way
     */
    public record Cdc(
            @DefaultValue("readmodel") @NotBlank String slotPrefix,
            @DefaultValue("readmodel") @NotBlank String publication,
            @DefaultValue("10ms") @NotNull Duration pollInterval,
            @DefaultValue("1s") @NotNull Duration heartbeatInterval,
            @DefaultValue("1s") @NotNull Duration offsetFlushInterval,
            @DefaultValue("2s") @NotNull Duration restartBackoff,
            @DefaultValue("5s") @NotNull Duration retireGrace,
            @DefaultValue("true") boolean failoverSlots) {}

    /**
     * Leader election of the projector: every pod answers queries, one of them (the leader) runs the CDC engines and
     * rebuilds. Its lease is a row of Spring Integration's JDBC lock table in the read model's database
     * (docs/adr/0011-one-projector-many-readers.md).
     *
     * @param lease how long leadership lasts without renewal: a leader that dies without letting go (kill -9, lost
     *     node) is replaced within this time plus {@code heartbeat}; a leader that stops cleanly lets go at once
     * @param heartbeat how often the leader renews its lease and the other pods try to take it
     * @param generationRefresh how often a pod that does not lead reads which generation is current, so a rebuild's
     *     switch reaches it within this time; keep it well under {@code cdc.retire-grace}, after which the old
     *     generation's tables are dropped
     */
    public record Leader(
            @DefaultValue("10s") @NotNull Duration lease,
            @DefaultValue("1s") @NotNull Duration heartbeat,
            @DefaultValue("1s") @NotNull Duration generationRefresh) {

        /** The lease must outlast a few missed heartbeats, or a busy leader loses it while alive. */
        @AssertTrue(message = "lease must be at least three heartbeats")
        public boolean isLeaseLongerThanHeartbeats() {
            return lease == null || heartbeat == null || lease.compareTo(heartbeat.multipliedBy(3)) >= 0;
        }
    }

    /**
     * @param enabled whether order reads use Redis at all
     * @param ttl how long a cached order lives; evictions after each projection commit keep it fresh meanwhile
     * @param keyPrefix prefix of the cache keys, {@code <prefix>:g<generation>:<orderId>}
     */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10m") @NotNull Duration ttl,
            @DefaultValue("readmodel:order") @NotBlank String keyPrefix) {}
}
