package dev.shopfloor.readmodel.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.readmodel.config.ReadModelProperties;
import dev.shopfloor.readmodel.projection.Generation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an engine reports about its slot when the source cannot be asked (the gauge behind it must not fail). */
class SourceEngineTest {

    @Test
    void reportsNaNRetainedWalWhenTheSourceIsUnreachable() {
        ReadModelProperties.Source nowhere = new ReadModelProperties.Source(
                "jdbc:postgresql://127.0.0.1:1/orders", "orders", "x", List.of("orders"));
        ReadModelProperties.Cdc settings = new ReadModelProperties.Cdc(
                "readmodel",
                "readmodel",
                Duration.ofMillis(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                true);
        SourceEngine engine =
                new SourceEngine("orders", nowhere, settings, new Generation(1), null, null, null, null, null);
        try {
            assertThat(engine.retainedWalBytes()).isNaN();
        } finally {
            engine.stop(false);
        }
    }
}
