package dev.shopfloor.readmodel.cdc;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The gauge {@value #METRIC} [{@code shopfloor_replication_slot_retained_bytes}], tag {@code slot}: how much WAL, in
 * bytes, each running engine's replication slot holds back on its source ({@code pg_current_wal_lsn() - restart_lsn},
 * read from the source at each scrape). A slot whose reader stalls keeps WAL forever and can fill the source's disk,
 * so this is what an alert watches.
 *
 * <p>NaN when it cannot be read (source down or slow, slot not created yet, a standby); reading never fails a scrape.
 * A retired generation's slot is dropped and its gauge removed.
 */
@Component
public class SlotRetention {

    /** The gauge's Micrometer name. */
    public static final String METRIC = "shopfloor.replication.slot.retained";

    private final MeterRegistry registry;
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    public SlotRetention(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Exports the WAL the engine's slot retains, from now on. */
    public void watch(SourceEngine engine) {
        gauges.computeIfAbsent(
                engine.slotName(),
                slot -> Gauge.builder(METRIC, engine, SourceEngine::retainedWalBytes)
                        .description(
                                "WAL the replication slot holds back on its source (current WAL LSN minus restart LSN)")
                        .baseUnit(BaseUnits.BYTES)
                        .tag("slot", slot)
                        .strongReference(true)
                        .register(registry));
    }

    /** Removes the gauge of the engine's slot (after the slot was dropped). */
    public void forget(SourceEngine engine) {
        Gauge gauge = gauges.remove(engine.slotName());
        if (gauge != null) {
            registry.remove(gauge);
        }
    }
}
