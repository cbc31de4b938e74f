package dev.shopfloor.readmodel.rebuild;

import dev.shopfloor.readmodel.cdc.ProjectionMetrics;
import dev.shopfloor.readmodel.cdc.ProjectionTracing;
import dev.shopfloor.readmodel.cdc.SlotRetention;
import dev.shopfloor.readmodel.cdc.SourceEngine;
import dev.shopfloor.readmodel.config.ReadModelProperties;
import dev.shopfloor.readmodel.projection.Generation;
import dev.shopfloor.readmodel.projection.Projection;
import dev.shopfloor.readmodel.query.OrderCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the CDC engines of the current generation (one per source) and rebuilds the projection on request: a rebuild
 * creates the next generation's tables, starts engines with new replication slots (so each takes a fresh snapshot),
 * waits until every one of them has finished its snapshot and reads the WAL, then switches queries to the new
 * generation in one step, stops the old engines, drops their slots and, after {@code retire-grace}, the old tables.
 * Queries never stop: until the switch they read the old generation.
 *
 * <p>A rebuild interrupted by a stop of the process is abandoned: at the next start its tables and slots are removed,
 * and the current generation goes on.
 */
@Component
public class ReadModelRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRuntime.class);

    private final ReadModelProperties properties;
    private final Projection projection;
    private final Generations generations;
    private final ProjectionMetrics metrics;
    private final ProjectionTracing tracing;
    private final SlotRetention slots;
    private final OrderCache cache;
    private final SourceEngine.OffsetStore offsets;
    private List<SourceEngine> engines = List.of();
    private List<SourceEngine> building = List.of();
    private volatile boolean running;
    private volatile RebuildStatus lastRebuild;

    ReadModelRuntime(
            ReadModelProperties properties,
            Projection projection,
            Generations generations,
            ProjectionMetrics metrics,
            ProjectionTracing tracing,
            SlotRetention slots,
            OrderCache cache,
            JdbcConnectionDetails database) {
        this.properties = properties;
        this.projection = projection;
        this.generations = generations;
        this.metrics = metrics;
        this.tracing = tracing;
        this.slots = slots;
        this.cache = cache;
        this.offsets = new SourceEngine.OffsetStore(
                database.getJdbcUrl(),
                database.getUsername(),
                database.getPassword() == null ? "" : database.getPassword());
    }

    /**
     * What became of the last rebuild.
     *
     * @param state {@code BUILDING}, {@code SWITCHED} or {@code FAILED}
     */
    public record RebuildStatus(int generation, String state, Instant startedAt, Instant finishedAt, String error) {}

    @Override
    public synchronized void start() {
        Optional<Generation> abandoned = generations.ensureCurrent();
        abandoned.ifPresent(generation -> {
            log.info("Removing generation {} of a rebuild that did not finish", generation.number());
            createEngines(generation).forEach(engine -> engine.stop(true));
            generations.drop(generation);
        });
        engines = createEngines(generations.current());
        engines.forEach(this::startEngine);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        building.forEach(engine -> engine.stop(false));
        engines.forEach(engine -> engine.stop(false));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the web server, so the service is ready to answer while its engines snapshot and catch up. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /**
     * Starts a rebuild in the background.
     *
     * @return the rebuild's status; the one already running if there is one
     */
    public synchronized RebuildStatus rebuild() {
        if (!building.isEmpty()) {
            return lastRebuild;
        }
        Generation next = generations.createNext();
        RebuildStatus status = new RebuildStatus(next.number(), "BUILDING", Instant.now(), null, null);
        lastRebuild = status;
        building = createEngines(next);
        building.forEach(this::startEngine);
        Thread.ofPlatform().name("readmodel-rebuild").daemon().start(() -> awaitAndSwitch(next, status));
        log.info("Rebuild into generation {} started", next.number());
        return status;
    }

    /** The current generation, each engine's state and the last rebuild. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("generation", generations.current().number());
        Map<String, Object> sources = new LinkedHashMap<>();
        for (SourceEngine engine : List.copyOf(engines)) {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("slot", engine.slotName());
            source.put("streaming", engine.isStreaming());
            source.put(
                    "lastAppliedLsn",
                    engine.lastApplied() == null ? null : engine.lastApplied().lsn());
            sources.put(engine.source(), source);
        }
        status.put("sources", sources);
        status.put("lag", metrics.summary());
        status.put("rebuild", lastRebuild);
        return status;
    }

    private void awaitAndSwitch(Generation next, RebuildStatus started) {
        try {
            while (running && !building.stream().allMatch(SourceEngine::isStreaming)) {
                Thread.sleep(100);
            }
            if (!running) {
                return;
            }
            List<SourceEngine> retired;
            Generation old;
            synchronized (this) {
                old = generations.current();
                generations.switchTo(next);
                retired = engines;
                engines = building;
                building = List.of();
            }
            lastRebuild = new RebuildStatus(next.number(), "SWITCHED", started.startedAt(), Instant.now(), null);
            log.info("Queries now read generation {}; retiring generation {}", next.number(), old.number());
            retired.forEach(this::retire);
            Thread.sleep(properties.cdc().retireGrace());
            generations.drop(old);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Rebuild into generation {} failed", next.number(), e);
            lastRebuild =
                    new RebuildStatus(next.number(), "FAILED", started.startedAt(), Instant.now(), e.getMessage());
            synchronized (this) {
                building.forEach(this::retire);
                building = List.of();
            }
        }
    }

    private void startEngine(SourceEngine engine) {
        engine.start();
        slots.watch(engine);
    }

    /** Stops the engine for good: its slot is dropped, and so is the gauge of that slot. */
    private void retire(SourceEngine engine) {
        engine.stop(true);
        slots.forget(engine);
    }

    private List<SourceEngine> createEngines(Generation generation) {
        List<SourceEngine> created = new ArrayList<>();
        properties
                .sources()
                .forEach((name, source) -> created.add(new SourceEngine(
                        name,
                        source,
                        properties.cdc(),
                        generation,
                        projection,
                        metrics,
                        tracing,
                        cache::evict,
                        offsets)));
        return created;
    }
}
