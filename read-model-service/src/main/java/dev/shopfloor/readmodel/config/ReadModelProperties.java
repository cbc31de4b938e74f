package dev.shopfloor.readmodel.config;

import jakarta.validation.Valid;
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
 */
@Validated
@ConfigurationProperties("shopfloor.readmodel")
public record ReadModelProperties(
        @NotEmpty @Valid Map<String, Source> sources,
        @DefaultValue @Valid Cdc cdc,
        @DefaultValue @Valid Cache cache) {

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
     * @param enabled whether order reads use Redis at all
     * @param ttl how long a cached order lives; evictions after each projection commit keep it fresh meanwhile
     * @param keyPrefix prefix of the cache keys, {@code <prefix>:g<generation>:<orderId>}
     */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10m") @NotNull Duration ttl,
            @DefaultValue("readmodel:order") @NotBlank String keyPrefix) {}
}
