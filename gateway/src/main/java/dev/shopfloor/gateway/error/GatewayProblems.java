package dev.shopfloor.gateway.error;

import dev.shopfloor.gateway.ratelimit.RateLimitExceeded;
import dev.shopfloor.gateway.ratelimit.RateLimitUnavailable;
import dev.shopfloor.gateway.resilience.CircuitOpen;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Turns a failure inside the gateway into the RFC 9457 problem the client sees, with the platform's problem types
 * ({@code https://shopfloor.dev/problems/<slug>}). Answers given by a backend are not failures and never come here;
 * they pass through unchanged.
 *
 * <ul>
 *   <li>a backend that refuses or drops the connection, cannot be resolved, or does not answer within the response
 *       timeout: {@code 503 backend-unavailable} with a {@code Retry-After}, and the backend named in {@code backend};
 *   <li>a backend whose circuit breaker is open ({@link CircuitOpen}): {@code 503 circuit-open} with the breaker's wait
 *       in {@code Retry-After}, the backend named in {@code backend};
 *   <li>a caller over its rate limit ({@link RateLimitExceeded}): {@code 429 too-many-requests} with {@code
 *       Retry-After}, the {@code X-RateLimit-*} headers, and the route class in {@code routeClass};
 *   <li>a rate that cannot be checked while the gateway fails closed ({@link RateLimitUnavailable}): {@code 503
 *       rate-limit-unavailable} with a {@code Retry-After};
 *   <li>no route for the path: {@code 404 not-found};
 *   <li>another status raised by the framework (e.g. {@code 405} on an actuator endpoint): that status, its type named
 *       after the reason phrase; for a client error the framework's reason is the detail (e.g. {@code 400} "Missing
 *       parameters: readModelPercent" from {@code /actuator/strangler});
 *   <li>anything else: {@code 500 internal-server-error} with a detail that reveals nothing of the cause.
 * </ul>
 */
final class GatewayProblems {

    static final String TYPE_BASE = "https://shopfloor.dev/problems/";

    private final Duration retryAfter;

    /** @param retryAfter what {@code Retry-After} tells a client when a backend is unavailable */
    GatewayProblems(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /**
     * A problem to answer, the wait to announce in {@code Retry-After} (null when there is none), and other headers
     * that belong to the answer.
     *
     * @param body the problem detail, {@code status} already set
     * @param retryAfter the wait, whole seconds are sent
     * @param headers further response headers (the {@code X-RateLimit-*} headers of a {@code 429}); empty if none
     */
    record GatewayProblem(ProblemDetail body, @Nullable Duration retryAfter, Map<String, String> headers) {

        GatewayProblem(ProblemDetail body, @Nullable Duration retryAfter) {
            this(body, retryAfter, Map.of());
        }

        HttpStatusCode status() {
            return HttpStatusCode.valueOf(body.getStatus());
        }
    }

    /** The problem for an error raised while serving {@code exchange}; the matched route, if any, names the backend. */
    GatewayProblem describe(Throwable error, ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return describe(
                error,
                exchange.getRequest().getMethod().name(),
                exchange.getRequest().getURI().getRawPath(),
                route == null ? null : route.getId());
    }

    /**
     * @param error what went wrong
     * @param method the request's method
     * @param rawPath the request's path as received (still percent-encoded)
     * @param backend the id of the route that was being served (names the backend), null if no route matched
     */
    GatewayProblem describe(Throwable error, String method, String rawPath, @Nullable String backend) {
        ProblemDetail problem;
        Duration wait = null;
        Map<String, String> headers = Map.of();
        Failure failure = classify(error);
        String name = backend == null ? "the backend" : backend;
        switch (failure) {
            case CIRCUIT_OPEN -> {
                CircuitOpen open = (CircuitOpen) error;
                problem = problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "circuit-open",
                        "Circuit open",
                        open.backend() + " failed repeatedly and is not called for now (circuit open); retry later");
                problem.setProperty("backend", open.backend());
                wait = open.retryAfter();
            }
            case RATE_LIMITED -> {
                RateLimitExceeded limited = (RateLimitExceeded) error;
                problem = problem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "too-many-requests",
                        "Too Many Requests",
                        "too many " + limited.routeClass().id() + " requests from this caller; retry in "
                                + limited.retryAfter().toSeconds() + " s");
                problem.setProperty("routeClass", limited.routeClass().id());
                wait = limited.retryAfter();
                headers = limited.headers();
            }
            case RATE_LIMIT_UNAVAILABLE -> {
                problem = problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "rate-limit-unavailable",
                        "Rate limit unavailable",
                        "the request rate cannot be checked right now and unchecked requests are refused; retry later");
                problem.setProperty(
                        "routeClass",
                        ((RateLimitUnavailable) error).routeClass().id());
                wait = retryAfter;
            }
            case TIMED_OUT, UNREACHABLE -> {
                problem = problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "backend-unavailable",
                        "Backend unavailable",
                        failure == Failure.TIMED_OUT
                                ? name + " did not answer in time; retry later"
                                : name + " cannot be reached; retry later");
                if (backend != null) {
                    problem.setProperty("backend", backend);
                }
                wait = retryAfter;
            }
            case STATUS -> {
                HttpStatusCode status = ((ErrorResponse) error).getStatusCode();
                String reason = error instanceof ResponseStatusException raised ? raised.getReason() : null;
                String detail;
                if (status.value() == HttpStatus.NOT_FOUND.value()) {
                    detail = "no route matches " + method + " " + rawPath;
                } else if (status.is4xxClientError() && reason != null && !reason.isBlank()) {
                    detail = reason; // what the client got wrong, e.g. an actuator endpoint's refused parameter
                } else {
                    detail = "the request was not accepted: " + reasonPhrase(status);
                }
                problem = problem(status, slug(status), reasonPhrase(status), detail);
            }
            default ->
                problem = problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-server-error",
                        "Internal Server Error",
                        "the request failed unexpectedly; it has been logged");
        }
        problem.setInstance(instance(rawPath));
        return new GatewayProblem(problem, wait, headers);
    }

    enum Failure {
        /** The backend's circuit breaker refused the call. */
        CIRCUIT_OPEN,
        /** The caller's rate limit refused the request. */
        RATE_LIMITED,
        /** The rate limit could not be checked and the gateway fails closed. */
        RATE_LIMIT_UNAVAILABLE,
        /** The backend accepted the request but did not answer within the response timeout. */
        TIMED_OUT,
        /** The backend could not be connected to, or dropped the connection before answering. */
        UNREACHABLE,
        /** The framework raised an error with an HTTP status of its own. */
        STATUS,
        /** Anything else: a bug in the gateway. */
        UNEXPECTED
    }

    static Failure classify(Throwable error) {
        if (error instanceof CircuitOpen) {
            return Failure.CIRCUIT_OPEN;
        }
        if (error instanceof RateLimitExceeded) {
            return Failure.RATE_LIMITED;
        }
        if (error instanceof RateLimitUnavailable) {
            return Failure.RATE_LIMIT_UNAVAILABLE;
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.springframework.cloud.gateway.support.TimeoutException
                    || t instanceof io.netty.handler.timeout.TimeoutException) {
                return Failure.TIMED_OUT;
            }
            // Netty's ConnectTimeoutException is a ConnectException: the backend is not there.
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof PrematureCloseException) {
                return Failure.UNREACHABLE;
            }
        }
        if (error instanceof ErrorResponse response) {
            // The gateway's response timeout arrives as a 504 whose cause was checked above.
            return response.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()
                    ? Failure.TIMED_OUT
                    : Failure.STATUS;
        }
        return Failure.UNEXPECTED;
    }

    private static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    private static String reasonPhrase(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error " + status.value() : known.getReasonPhrase();
    }

    private static String slug(HttpStatusCode status) {
        return reasonPhrase(status).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static @Nullable URI instance(String rawPath) {
        try {
            return URI.create(rawPath);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
