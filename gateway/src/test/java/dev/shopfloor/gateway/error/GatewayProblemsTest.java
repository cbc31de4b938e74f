package dev.shopfloor.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.gateway.error.GatewayProblems.GatewayProblem;
import dev.shopfloor.gateway.ratelimit.RateLimitExceeded;
import dev.shopfloor.gateway.ratelimit.RateLimitUnavailable;
import dev.shopfloor.gateway.ratelimit.RouteClass;
import dev.shopfloor.gateway.resilience.CircuitOpen;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

class GatewayProblemsTest {

    final GatewayProblems problems = new GatewayProblems(Duration.ofSeconds(5));

    @Test
    void tellsTheClientToRetryWhenTheBackendRefusesTheConnection() {
        GatewayProblem problem = problems.describe(
                new ConnectException("Connection refused: /127.0.0.1:8081"), "POST", "/api/orders", "order-service");

        assertThat(problem.body().getStatus()).isEqualTo(503);
        assertThat(problem.body().getType())
                .isEqualTo(URI.create("https://shopfloor.dev/problems/backend-unavailable"));
        assertThat(problem.body().getTitle()).isEqualTo("Backend unavailable");
        assertThat(problem.body().getDetail()).isEqualTo("order-service cannot be reached; retry later");
        assertThat(problem.body().getProperties()).containsEntry("backend", "order-service");
        assertThat(problem.body().getInstance()).isEqualTo(URI.create("/api/orders"));
        assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void tellsTheClientToRetryWhenTheConnectTimeoutExpires() {
        GatewayProblem problem = problems.describe(
                new ConnectTimeoutException("connection timed out after 2000 ms: /10.0.0.9:8083"),
                "GET",
                "/api/products",
                "inventory-service");

        assertThat(problem.body().getStatus()).isEqualTo(503);
        assertThat(problem.body().getDetail()).isEqualTo("inventory-service cannot be reached; retry later");
        assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void turnsTheResponseTimeoutIntoServiceUnavailable() {
        ResponseStatusException timeout = new ResponseStatusException(
                HttpStatus.GATEWAY_TIMEOUT,
                "Response took longer than timeout: PT10S",
                new TimeoutException("Response took longer than timeout: PT10S"));

        GatewayProblem problem = problems.describe(timeout, "GET", "/api/orders/1/saga", "saga-orchestrator");

        assertThat(problem.body().getStatus()).isEqualTo(503);
        assertThat(problem.body().getDetail()).isEqualTo("saga-orchestrator did not answer in time; retry later");
        assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void findsAnUnresolvableBackendBehindWrappingExceptions() {
        RuntimeException wrapped = new IllegalStateException(
                "routing failed", new RuntimeException(new UnknownHostException("payment-service")));

        GatewayProblem problem = problems.describe(wrapped, "GET", "/api/customers/c-1/account", "payment-service");

        assertThat(problem.body().getStatus()).isEqualTo(503);
    }

    @Test
    void answersNotFoundNamingTheUnroutedRequest() {
        GatewayProblem problem = problems.describe(
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No matching handler"), "DELETE", "/api/nope", null);

        assertThat(problem.body().getStatus()).isEqualTo(404);
        assertThat(problem.body().getType()).isEqualTo(URI.create("https://shopfloor.dev/problems/not-found"));
        assertThat(problem.body().getTitle()).isEqualTo("Not Found");
        assertThat(problem.body().getDetail()).isEqualTo("no route matches DELETE /api/nope");
        assertThat(problem.retryAfter()).isNull();
    }

    @Test
    void namesOtherFrameworkStatusesAfterTheirReasonPhrase() {
        GatewayProblem problem = problems.describe(
                new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED), "POST", "/actuator/health", null);

        assertThat(problem.body().getStatus()).isEqualTo(405);
        assertThat(problem.body().getType()).isEqualTo(URI.create("https://shopfloor.dev/problems/method-not-allowed"));
        assertThat(problem.body().getTitle()).isEqualTo("Method Not Allowed");
        assertThat(problem.retryAfter()).isNull();
    }

    @Test
    void tellsTheClientWhatItGotWrongInAClientErrorsReason() {
        GatewayProblem problem = problems.describe(
                new ResponseStatusException(HttpStatus.BAD_REQUEST, "Missing parameters: readModelPercent"),
                "POST",
                "/actuator/strangler",
                null);

        assertThat(problem.body().getStatus()).isEqualTo(400);
        assertThat(problem.body().getType()).isEqualTo(URI.create("https://shopfloor.dev/problems/bad-request"));
        assertThat(problem.body().getDetail()).isEqualTo("Missing parameters: readModelPercent");
    }

    @Test
    void keepsTheReasonOfAServerSideStatusToItself() {
        GatewayProblem problem = problems.describe(
                new ResponseStatusException(HttpStatus.NOT_IMPLEMENTED, "secret internal state"),
                "GET",
                "/actuator/x",
                null);

        assertThat(problem.body().getStatus()).isEqualTo(501);
        assertThat(problem.body().getDetail()).doesNotContain("secret");
    }

    @Test
    void revealsNothingOfAnUnexpectedFailure() {
        GatewayProblem problem = problems.describe(
                new IllegalStateException("secret internal state"), "GET", "/api/orders/1", "order-service");

        assertThat(problem.body().getStatus()).isEqualTo(500);
        assertThat(problem.body().getType())
                .isEqualTo(URI.create("https://shopfloor.dev/problems/internal-server-error"));
        assertThat(problem.body().getDetail()).doesNotContain("secret");
        assertThat(problem.retryAfter()).isNull();
    }

    @Test
    void answersAnOpenCircuitAtOnceNamingTheBackendAndItsWait() {
        GatewayProblem problem = problems.describe(
                new CircuitOpen("inventory-service", Duration.ofSeconds(3), new RuntimeException("refused")),
                "GET",
                "/api/products/SKU-1",
                "inventory-service");

        assertThat(problem.body().getStatus()).isEqualTo(503);
        assertThat(problem.body().getType()).isEqualTo(URI.create("https://shopfloor.dev/problems/circuit-open"));
        assertThat(problem.body().getTitle()).isEqualTo("Circuit open");
        assertThat(problem.body().getDetail())
                .isEqualTo("inventory-service failed repeatedly and is not called for now (circuit open); retry later");
        assertThat(problem.body().getProperties()).containsEntry("backend", "inventory-service");
        assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void answersACallerOverItsLimitWithTooManyRequestsAndTheLimitersHeaders() {
        GatewayProblem problem = problems.describe(
                new RateLimitExceeded(
                        RouteClass.PLACEMENT, Duration.ofSeconds(2), Map.of("X-RateLimit-Remaining", "0")),
                "POST",
                "/api/orders",
                "order-service");

        assertThat(problem.body().getStatus()).isEqualTo(429);
        assertThat(problem.body().getType()).isEqualTo(URI.create("https://shopfloor.dev/problems/too-many-requests"));
        assertThat(problem.body().getTitle()).isEqualTo("Too Many Requests");
        assertThat(problem.body().getDetail()).isEqualTo("too many placement requests from this caller; retry in 2 s");
        assertThat(problem.body().getProperties()).containsEntry("routeClass", "placement");
        assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(problem.headers()).containsEntry("X-RateLimit-Remaining", "0");
    }

    @Test
    void answersAnUncheckableRateWithServiceUnavailable() {
        GatewayProblem problem =
                problems.describe(new RateLimitUnavailable(RouteClass.READS), "GET", "/api/orders/1", "order-read");

        assertThat(problem.body().getStatus()).isEqualTo(503);
        assertThat(problem.body().getType())
                .isEqualTo(URI.create("https://shopfloor.dev/problems/rate-limit-unavailable"));
        assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void survivesACyclicCauseChain() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(GatewayProblems.classify(first)).isEqualTo(GatewayProblems.Failure.UNEXPECTED);
    }
}
