package dev.shopfloor.gateway.routing;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * The strangler's admin endpoint on the gateway's management side, {@code /actuator/strangler} (never under
 * {@code /api}): {@code GET} shows the split, {@code POST {"readModelPercent": 10}} changes it at once, without a
 * restart. A share outside 0-100 is a {@code 400}. The value lives in memory: a restart goes back to
 * {@code shopfloor.gateway.strangler.read-model-percent}.
 */
@Component
@Endpoint(id = "strangler")
class StranglerEndpoint {

    private final StranglerWeights weights;

    StranglerEndpoint(StranglerWeights weights) {
        this.weights = weights;
    }

    @ReadOperation
    Map<String, Integer> split() {
        int readModel = weights.readModelPercent();
        return Map.of("readModelPercent", readModel, "legacyPercent", 100 - readModel);
    }

    @WriteOperation
    Map<String, Integer> change(int readModelPercent) {
        try {
            weights.readModelPercent(readModelPercent);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        }
        return split();
    }
}
