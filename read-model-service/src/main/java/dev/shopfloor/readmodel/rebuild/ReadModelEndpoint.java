package dev.shopfloor.readmodel.rebuild;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * The read model's admin endpoint, on the management side ({@code /actuator/readmodel}, never under {@code /api}):
 * {@code GET} shows the current generation, each source's slot and state, the lag percentiles and the last rebuild;
 * {@code POST} starts a rebuild from fresh snapshots ({@link ReadModelRuntime#rebuild()}) and answers its status at once.
 */
@Component
@Endpoint(id = "readmodel")
class ReadModelEndpoint {

    private final ReadModelRuntime runtime;

    ReadModelEndpoint(ReadModelRuntime runtime) {
        this.runtime = runtime;
    }

    @ReadOperation
    Map<String, Object> status() {
        return runtime.status();
    }

    @WriteOperation
    ReadModelRuntime.RebuildStatus rebuild() {
        return runtime.rebuild();
    }
}
