package dev.shopfloor.gateway.error;

import dev.shopfloor.gateway.error.GatewayProblems.GatewayProblem;
import dev.shopfloor.gateway.ratelimit.RateLimitUnavailable;
import dev.shopfloor.gateway.resilience.CircuitOpen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * One log line per problem the gateway answers: a bug at error level, an unavailable backend as a warning. Refusals
 * that follow from a state already logged once when it began (an open circuit breaker, Redis down while failing
 * closed) and client errors are logged at debug level, so an outage does not log a line per request.
 */
final class ProblemLog {

    private static final Logger log = LoggerFactory.getLogger(ProblemLog.class);

    private ProblemLog() {}

    static void log(GatewayProblem problem, Throwable error, ServerHttpRequest request) {
        String path = request.getURI().getRawPath();
        int status = problem.body().getStatus();
        if (error instanceof CircuitOpen || error instanceof RateLimitUnavailable) {
            log.debug("{} {}: {}", request.getMethod(), path, problem.body().getDetail());
        } else if (status >= 500 && problem.retryAfter() == null) {
            log.error("{} {} failed", request.getMethod(), path, error);
        } else if (status >= 500) {
            log.warn("{} {}: {} ({})", request.getMethod(), path, problem.body().getDetail(), error.toString());
        } else {
            log.debug("{} {}: {}", request.getMethod(), path, problem.body().getDetail());
        }
    }
}
