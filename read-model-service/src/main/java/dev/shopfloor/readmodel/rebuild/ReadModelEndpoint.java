package dev.shopfloor.readmodel.rebuild;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * The read model's admin endpoint, on the management side ({@code /actuator/readmodel}, never under {@code /api}):
 * {@code GET} shows this pod's role (projector leader or follower), the current generation, each source's slot and
 * state (on the leader), the lag percentiles and the last rebuild ({@link ReadModelRuntime#status()}); {@code POST}
 * requests a rebuild from fresh snapshots on any pod ({@link ReadModelRuntime#rebuild()}) and answers its status at
 * once: {@code BUILDING}, then (in {@code GET}) {@code SWITCHED} or {@code FAILED}.
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
    Generations.RebuildStatus rebuild() {
        return runtime.rebuild();
    }
}
