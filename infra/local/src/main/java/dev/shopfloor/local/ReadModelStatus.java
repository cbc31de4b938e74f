package dev.shopfloor.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read model's lines of {@code ./platform status}: its generation and, per captured source, whether it streams
 * and the lag from source commit to order view (p50/p99 over the last minutes), from {@code /actuator/readmodel}.
 */
final class ReadModelStatus {

    private ReadModelStatus() {}

    /**
     * What to say of an instance that does not lead: another instance (a replica started beside it) runs the CDC
     * engines, or none does yet (the lease of one that died has not run out).
     */
    static String followerNote(String role, String leader) {
        if ("LEADER".equals(role)) {
            return "";
        }
        return leader.isBlank() || "null".equals(leader)
                ? " (CDC engines not started yet: waiting for the projector lease)"
                : " (this instance follows; the CDC engines run on " + leader + ")";
    }

    /** Prints nothing when read-model-service does not answer (its DOWN line says so already). */
    static void print(PlatformLayout layout, PrintStream out) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(layout.serviceUrl("read-model-service") + "/actuator/readmodel"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return;
            }
            JsonNode status = JsonMapper.builder().build().readTree(response.body());
            out.printf(
                    "  read model generation %d%s%n",
                    status.get("generation").asInt(),
                    followerNote(
                            status.path("role").asString(""),
                            status.path("leader").asString("")));
            for (var source : status.get("sources").properties()) {
                JsonNode lag = status.get("lag").get(source.getKey());
                out.printf(
                        "    %-10s %-9s lag source commit -> view: %s%n",
                        source.getKey(),
                        source.getValue().get("streaming").asBoolean() ? "streaming" : "starting",
                        lag == null
                                ? "no change seen yet"
                                : String.format(
                                        "p50 %s ms, p99 %s ms",
                                        lag.get("projectionLagP50Ms").asString(),
                                        lag.get("projectionLagP99Ms").asString()));
            }
        } catch (IOException | RuntimeException e) {
            // not reachable: the service's own line already reads DOWN
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
