package dev.shopfloor.gateway.routing;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * The strangler's admin endpoint on the gateway's management side, {@code /actuator/strangler} (never under
 * {@code /api}): {@code GET} shows this instance's split, {@code POST {"readModelPercent": 10}} changes it on every
 * gateway instance, without a restart ({@link SharedStranglerWeight}: through Redis, within a second). A share outside
 * 0-100 is a {@code 400}; when Redis cannot store it in time, a {@code 503} with a problem's fields, and nothing
 * changes, not even when Redis runs the delayed write later ({@link SharedStranglerWeight#store}).
 */
@Component
@Endpoint(id = "strangler")
class StranglerEndpoint {

    private final StranglerWeights weights;
    private final SharedStranglerWeight shared;

    StranglerEndpoint(StranglerWeights weights, SharedStranglerWeight shared) {
        this.weights = weights;
        this.shared = shared;
    }

    @ReadOperation
    Map<String, Object> split() {
        int readModel = weights.readModelPercent();
        return Map.of("readModelPercent", readModel, "legacyPercent", 100 - readModel);
    }

    @WriteOperation
    WebEndpointResponse<Map<String, Object>> change(int readModelPercent) {
        try {
            shared.change(readModelPercent);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        } catch (IllegalStateException e) {
            // the fields of an RFC 9457 problem, and the split that still holds
            return new WebEndpointResponse<>(
                    Map.of(
                            "type",
                            "https://shopfloor.dev/problems/strangler-split-not-stored",
                            "title",
                            "Split not changed",
                            "status",
                            WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE,
                            "detail",
                            e.getMessage() + "; nothing changed, try again",
                            "readModelPercent",
                            weights.readModelPercent()),
                    WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        return new WebEndpointResponse<>(split());
    }
}
