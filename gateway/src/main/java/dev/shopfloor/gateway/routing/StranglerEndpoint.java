package dev.shopfloor.gateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The strangler's admin endpoint on the gateway's management side, {@code /actuator/strangler} (never under
 * {@code /api}): {@code GET} shows the split this instance routes by, {@code POST {"readModelPercent": 10}} changes it
 * at once, without a restart, on every instance of the gateway ({@link SharedStranglerSplit}: through Redis, the
 * others within {@code sync-interval}). A share outside 0-100, or none, is a {@code 400} problem; while Redis cannot
 * store the share, a {@code 503} problem and nothing changes. A restart keeps the share set at run time (it is in
 * Redis); {@code shopfloor.gateway.strangler.read-model-percent} holds only until one is set.
 */
@Component
@Endpoint(id = "strangler")
class StranglerEndpoint {

    private final StranglerWeights weights;
    private final SharedStranglerSplit split;

    StranglerEndpoint(StranglerWeights weights, SharedStranglerSplit split) {
        this.weights = weights;
        this.split = split;
    }

    @ReadOperation
    Map<String, Integer> split() {
        int readModel = weights.readModelPercent();
        return Map.of("readModelPercent", readModel, "legacyPercent", 100 - readModel);
    }

    /**
     * @param readModelPercent a whole number 0-100 (a JSON number, or a string holding one); taken as text so that a
     *     value of another type is refused with a reason naming the field, not Boot's "Parameter mapping failure"
     */
    @WriteOperation
    WebEndpointResponse<Map<String, ?>> change(String readModelPercent) {
        try {
            split.change(SharedStranglerSplit.wholePercent(readModelPercent));
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        } catch (SharedStranglerSplit.NotShared e) {
            // a map: actuator writes it with its own mapper; RFC 9457 fields
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "https://shopfloor.dev/problems/split-not-shared");
            problem.put("title", "Split not shared");
            problem.put("status", WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
            problem.put("detail", e.getMessage());
            return new WebEndpointResponse<>(
                    problem, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, MediaType.APPLICATION_PROBLEM_JSON);
        }
        return new WebEndpointResponse<>(split());
    }
}
