package dev.shopfloor.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The one readiness question the local runner asks of its processes: does {@code GET <url>} answer 200 within two
 * seconds? A service's {@code /actuator/health/readiness}, Zipkin's {@code /health}.
 */
final class HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private HealthCheck() {}

    /**
     * @return true on a 200; false on any other status, no connection, a timeout, or interruption (the thread's
     *     interrupt flag is set again)
     */
    static boolean answersOk(HttpClient client, String url) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
