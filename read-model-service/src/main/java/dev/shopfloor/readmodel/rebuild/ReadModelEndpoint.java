package dev.shopfloor.readmodel.rebuild;

import dev.shopfloor.readmodel.cdc.ProjectionMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The read model's admin endpoint, on the management side ({@code /actuator/readmodel}, never under {@code /api}):
 * {@code GET} shows this pod's role (projector leader or follower), the current generation, each source's slot and
 * state (on the leader), the lag percentiles and the last rebuild ({@link ReadModelRuntime#status()}); {@code POST}
 * requests a rebuild from fresh snapshots on any pod ({@link ReadModelRuntime#rebuild()}) and answers its status at
 * once: {@code BUILDING}, then (in {@code GET}) {@code SWITCHED} or {@code FAILED}.
 * {@code GET /actuator/readmodel/lag-window} shows the lags this pod measured since the window's start
 * ({@link ProjectionMetrics#window()}); {@code POST} there starts a new window (what {@code ./platform bench cdc} does
 * after its warm-up). Any other part is a {@code 404} problem ({@code application/problem+json}).
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
    Generations.RebuildStatus rebuild() {
        return runtime.rebuild();
    }

    @ReadOperation
    WebEndpointResponse<Map<String, Object>> part(@Selector String part) {
        if (!LAG_WINDOW.equals(part)) {
            return unknown(part);
        }
        return new WebEndpointResponse<>(metrics.window());
    }

    @WriteOperation
    WebEndpointResponse<Map<String, Object>> resetPart(@Selector String part) {
        if (!LAG_WINDOW.equals(part)) {
            return unknown(part);
        }
        metrics.resetWindow();
        return new WebEndpointResponse<>(metrics.window());
    }

    /** {@code 404} as an RFC 9457 problem naming the parts there are (a map: actuator writes it with its own mapper). */
    private static WebEndpointResponse<Map<String, Object>> unknown(String part) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://shopfloor.dev/problems/not-found");
        problem.put("title", "Not Found");
        problem.put("status", WebEndpointResponse.STATUS_NOT_FOUND);
        problem.put("detail", "/actuator/readmodel has no part '" + part + "'; there is only '" + LAG_WINDOW + "'");
        return new WebEndpointResponse<>(
                problem, WebEndpointResponse.STATUS_NOT_FOUND, MediaType.APPLICATION_PROBLEM_JSON);
    }
}
