package dev.shopfloor.readmodel.rebuild;

import dev.shopfloor.readmodel.cdc.ProjectionMetrics;
import dev.shopfloor.readmodel.cdc.ProjectionTracing;
import dev.shopfloor.readmodel.cdc.SlotRetention;
import dev.shopfloor.readmodel.cdc.SourceEngine;
import dev.shopfloor.readmodel.config.ReadModelProperties;
import dev.shopfloor.readmodel.projection.Generation;
import dev.shopfloor.readmodel.projection.Projection;
import dev.shopfloor.readmodel.query.OrderCache;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What one pod of read-model-service does besides answering queries. Every pod follows the current generation; the
 * pod elected projector leader ({@code leadership.ProjectorLeadership} calls {@link #lead()} and {@link #follow()})
 * also runs the CDC engines of the current generation (one per source) and carries out rebuilds.
 *
 * <p>A rebuild is requested by any pod ({@link #rebuild()}: a {@code BUILDING} generation in the database) and taken
 * up by the leader at once or at its next tick: it empties that generation's tables, starts engines with new
 * replication slots (so each takes a fresh snapshot), waits until every one of them has finished its snapshot and
 * reads the WAL, then switches queries to the new generation in one transaction, stops the old engines, drops their
 * slots and, after {@code retire-grace}, the old tables. Queries never stop: until the switch they read the old
 * generation, and the other pods read the new one within {@code generation-refresh} of it. A leader that stops in
 * the middle leaves the rebuild {@code BUILDING}; the next leader starts it over.
 */
@Component
public class ReadModelRuntime implements SmartLifecycle {

    /** After the web server, so a pod is ready to answer while its engines snapshot and catch up. */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    /** Where the projector leader's lease lives: its region in Spring Integration's {@code int_lock} table. */
    public static final String LEADER_LOCK_REGION = "readmodel-projector";

    private static final Logger log = LoggerFactory.getLogger(ReadModelRuntime.class);

    private final ReadModelProperties properties;
    private final Projection projection;
    private final Generations generations;
    private final ProjectionMetrics metrics;
    private final ProjectionTracing tracing;
    private final SlotRetention slots;
    private final OrderCache cache;
    private final JdbcClient jdbc;
    private final SourceEngine.OffsetStore offsets;
    private final String instance;
    private ScheduledExecutorService ticker;
    // Guarded by this.
    private List<SourceEngine> engines = List.of();
    private List<SourceEngine> building = List.of();
    private long term;
    private volatile boolean running;
    private volatile boolean leading;

    ReadModelRuntime(
            ReadModelProperties properties,
            Projection projection,
            Generations generations,
            ProjectionMetrics metrics,
            ProjectionTracing tracing,
            SlotRetention slots,
            OrderCache cache,
            JdbcClient jdbc,
            JdbcConnectionDetails database) {
        this.properties = properties;
        this.projection = projection;
        this.generations = generations;
        this.metrics = metrics;
        this.tracing = tracing;
        this.slots = slots;
        this.cache = cache;
        this.jdbc = jdbc;
        this.offsets = new SourceEngine.OffsetStore(
                database.getJdbcUrl(),
                database.getUsername(),
                database.getPassword() == null ? "" : database.getPassword());
        this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * This pod's name in the lease table, the status and the logs: {@code pid@host/<random>} (in Kubernetes the host
     * is the pod's name); the random part tells two runs of one process, or two in one JVM, apart.
     */
    public String instanceName() {
        return instance;
    }

    @Override
    public synchronized void start() {
        generations.ensureCurrent();
        long every = properties.leader().generationRefresh().toMillis();
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("readmodel-tick").daemon().factory());
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = ticker;
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
        follow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Whether this pod is the projector leader (runs the CDC engines). */
    public boolean isLeading() {
        return leading;
    }

    /**
     * This pod became the projector leader: starts the current generation's engines and takes up a requested or
     * unfinished rebuild.
     *
     * @throws RuntimeException when the read model's database cannot be read (nothing is started then)
     */
    public synchronized void lead() {
        if (!running || leading) {
            return;
        }
        Generation current = generations.refresh();
        leading = true;
        term++;
        engines = createEngines(current);
        engines.forEach(this::startEngine);
        log.info("CDC engines of generation {} started on this pod (projector leader)", current.number());
        ticker.schedule(this::dropRetiredTables, properties.cdc().retireGrace().toMillis(), TimeUnit.MILLISECONDS);
        takeUpRebuild();
    }

    /** This pod no longer leads (or stops): stops its engines; a rebuild it was building is left to the next leader. */
    public synchronized void follow() {
        if (!leading) {
            return;
        }
        leading = false;
        term++;
        building.forEach(this::release);
        engines.forEach(this::release);
        building = List.of();
        engines = List.of();
        log.info("CDC engines stopped on this pod (no longer the projector leader)");
    }

    /**
     * Requests a rebuild from fresh snapshots, on any pod: the leader carries it out (at once if this pod leads).
     *
     * @return the rebuild's status: the one already requested or running, if there is one
     */
    public Generations.RebuildStatus rebuild() {
        Generation requested = generations.requestRebuild();
        if (leading) {
            takeUpRebuild();
        }
        log.info("Rebuild into generation {} requested", requested.number());
        return generations
                .lastRebuild()
                .orElseThrow(() -> new IllegalStateException("rebuild " + requested.number() + " not recorded"));
    }

    /**
     * This pod's view: {@code role} ({@code LEADER} or {@code FOLLOWER}), {@code instance} (this pod),
     * {@code leader} (the lease's holder, as the lock table says), the current {@code generation}, per source this
     * pod's engine state ({@code sources}, empty on a follower), the lag percentiles this pod measured ({@code lag})
     * and the newest {@code rebuild}.
     */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("role", leading ? "LEADER" : "FOLLOWER");
        status.put("instance", instance);
        status.put("leader", leaseHolder().orElse(null));
        status.put("generation", generations.current().number());
        Map<String, Object> sources = new LinkedHashMap<>();
        List<SourceEngine> running;
        synchronized (this) {
            running = List.copyOf(engines);
        }
        for (SourceEngine engine : running) {
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
        status.put("rebuild", generations.lastRebuild().orElse(null));
        return status;
    }

    private Optional<String> leaseHolder() {
        return jdbc.sql("select client_id from int_lock where region = :region")
                .param("region", LEADER_LOCK_REGION)
                .query(String.class)
                .optional()
                .map(String::strip);
    }

    /** Every {@code generation-refresh}: a follower reads the current generation, the leader looks for a request. */
    private void tick() {
        try {
            if (leading) {
                takeUpRebuild();
            } else {
                generations.refresh();
            }
        } catch (RuntimeException e) {
            log.warn("read model housekeeping failed: {}", e.getMessage());
        }
    }

    private synchronized void takeUpRebuild() {
        if (!leading || !building.isEmpty()) {
            return;
        }
        Optional<Generation> requested = generations.building();
        if (requested.isEmpty()) {
            return;
        }
        Generation next = requested.get();
        // An earlier leader may have left slots and offsets of this generation behind: start it over.
        createEngines(next).forEach(engine -> engine.stop(true));
        Optional<UUID> token = generations.takeUp(next);
        if (token.isEmpty()) {
            return;
        }
        building = createEngines(next);
        building.forEach(this::startEngine);
        long startedIn = term;
        Thread.ofPlatform()
                .name("readmodel-rebuild")
                .daemon()
                .start(() -> awaitAndSwitch(next, token.get(), startedIn));
        log.info("Rebuild into generation {} started", next.number());
    }

    private void awaitAndSwitch(Generation next, UUID token, long startedIn) {
        List<SourceEngine> retired;
        Generation old;
        try {
            while (stillBuilding(startedIn) && !building().stream().allMatch(SourceEngine::isStreaming)) {
                Thread.sleep(100);
            }
            synchronized (this) {
                if (!stillBuilding(startedIn)) {
                    return; // this pod lost the lead or stops: the next leader starts the rebuild over
                }
                old = generations.current();
                if (!generations.switchTo(next, token)) {
                    log.warn("Rebuild into generation {} was taken over by another leader", next.number());
                    building.forEach(this::release);
                    building = List.of();
                    return;
                }
                retired = engines;
                engines = building;
                building = List.of();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            giveUp(next, e);
            return;
        }
        // Switched: what follows only tidies up the old generation, and never touches the new one.
        log.info("Queries now read generation {}; retiring generation {}", next.number(), old.number());
        retired.forEach(this::retire);
        try {
            Thread.sleep(properties.cdc().retireGrace());
            generations.drop(old);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn(
                    "Tables of retired generation {} not dropped ({}); the next leader drops them",
                    old.number(),
                    e.getMessage());
        }
    }

    /** A rebuild that cannot go on: its engines and slots go, and it is recorded {@code FAILED} if it can be. */
    private void giveUp(Generation next, RuntimeException cause) {
        log.error("Rebuild into generation {} failed", next.number(), cause);
        synchronized (this) {
            building.forEach(this::retire);
            building = List.of();
        }
        try {
            generations.fail(next, String.valueOf(cause.getMessage()));
        } catch (RuntimeException e) {
            log.warn(
                    "Rebuild into generation {} not recorded as failed ({}); the next leader starts it over",
                    next.number(),
                    e.getMessage());
        }
    }

    private synchronized boolean stillBuilding(long startedIn) {
        return running && leading && term == startedIn;
    }

    private synchronized List<SourceEngine> building() {
        return building;
    }

    /** Tables of generations retired while no pod was there to drop them (a leader stopped during the grace). */
    private void dropRetiredTables() {
        try {
            generations.dropLeftoverRetiredTables();
        } catch (RuntimeException e) {
            log.warn("cannot drop the tables of retired generations: {}", e.getMessage());
        }
    }

    private void startEngine(SourceEngine engine) {
        engine.start();
        slots.watch(engine);
    }

    /** Stops the engine, keeping its slot for whichever pod leads next. */
    private void release(SourceEngine engine) {
        engine.stop(false);
        slots.forget(engine);
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
