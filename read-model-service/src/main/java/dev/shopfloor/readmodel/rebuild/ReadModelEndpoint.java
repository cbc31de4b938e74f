package dev.shopfloor.readmodel.rebuild;

import dev.shopfloor.readmodel.cdc.ProjectionMetrics;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * The read model's admin endpoint, on the management side ({@code /actuator/readmodel}, never under {@code /api}):
 * {@code GET} shows the current generation, each source's slot and state, the lag percentiles and the last rebuild;
 * {@code POST} starts a rebuild from fresh snapshots ({@link ReadModelRuntime#rebuild()}) and answers its status at once.
 * {@code GET /actuator/readmodel/lag-window} shows the lags since the window's start ({@link ProjectionMetrics#window()});
 * {@code POST} there starts a new window (what {@code ./platform bench cdc} does after its warm-up).
 */
@Component
@Endpoint(id = "readmodel")
class ReadModelEndpoint {

    static final String LAG_WINDOW = "lag-window";

    private final ReadModelRuntime runtime;
    private final ProjectionMetrics metrics;

    ReadModelEndpoint(ReadModelRuntime runtime, ProjectionMetrics metrics) {
        this.runtime = runtime;
        this.metrics = metrics;
    }

    @ReadOperation
    Map<String, Object> status() {
        return runtime.status();
    }

    @WriteOperation
    ReadModelRuntime.RebuildStatus rebuild() {
        return runtime.rebuild();
    }

    @ReadOperation
    Map<String, Object> part(@Selector String part) {
        if (!LAG_WINDOW.equals(part)) {
            return null; // 404
        }
        return metrics.window();
    }

    @WriteOperation
    Map<String, Object> resetPart(@Selector String part) {
        if (!LAG_WINDOW.equals(part)) {
            return null;
        }
        metrics.resetWindow();
        return metrics.window();
    }
}
