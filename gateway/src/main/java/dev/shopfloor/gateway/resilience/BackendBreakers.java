package dev.shopfloor.gateway.resilience;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.Breaker;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.Resilience;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import reactor.core.publisher.Mono;

/**
 * One time limit and circuit breaker per backend (resilience4j through Spring Cloud CircuitBreaker), named after the
 * backend and shared by every route to it, with the settings of {@link Resilience}.
 *
 * <p>What counts as a failure: an answer of {@code 500} or more but a {@code 503} with {@code Retry-After} ({@link
 * BackendReply#isFailure}), a timeout, a
 * connection refused or dropped. A {@code 4xx} answer never does, and neither does an error the gateway raises with a
 * {@code 4xx} status. A failed answer is recorded by the breaker's result predicate, not turned into an error, so the
 * backend's own {@code 5xx} reaches the client unchanged. An open breaker refuses the call before the backend is
 * touched; that refusal is {@link CircuitOpen}, answered {@code 503} problem+json with {@code Retry-After} (the
 * breaker's wait in the open state).
 *
 * <p>Each change of a breaker's state is logged once: a warning when it opens, info when it half-opens or closes
 * again. The refused calls themselves are not logged one by one.
 *
 * <p>Metrics: resilience4j's own ({@code resilience4j.circuitbreaker.state}, {@code .calls}, {@code .failure.rate},
 * …, tag {@code name}: the backend), bound to the gateway's registry by Spring Cloud CircuitBreaker and exported on
 * {@code /actuator/prometheus} of the management port.
 */
public final class BackendBreakers {

    private static final Logger log = LoggerFactory.getLogger(BackendBreakers.class);

    private final Map<String, ReactiveCircuitBreaker> breakers = new LinkedHashMap<>();
    private final Map<String, Duration> openWaits = new LinkedHashMap<>();

    /**
     * @param factory Spring Cloud CircuitBreaker's resilience4j factory (its registry is exported as metrics)
     * @param settings the settings per backend
     * @param backends every backend's name
     * @throws IllegalArgumentException when {@code settings} names a backend that is not in {@code backends}
     */
    public BackendBreakers(
            ReactiveResilience4JCircuitBreakerFactory factory, Resilience settings, Collection<String> backends) {
        Set<String> unknown = new TreeSet<>(settings.backends().keySet());
        unknown.removeAll(backends);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("shopfloor.gateway.resilience.backends names unknown backends " + unknown
                    + "; known: " + new TreeSet<>(backends));
        }
        // resilience4j creates a backend's breaker on its first call; each one is watched from then on.
        factory.getCircuitBreakerRegistry().getEventPublisher().onEntryAdded(added -> {
            CircuitBreaker breaker = added.getAddedEntry();
            if (backends.contains(breaker.getName())) {
                breaker.getEventPublisher().onStateTransition(event -> logTransition(breaker, event));
            }
        });
        for (String backend : backends) {
            Breaker breaker = settings.forBackend(backend);
            factory.configure(
                    builder -> builder.circuitBreakerConfig(circuitBreakerConfig(breaker))
                            .timeLimiterConfig(TimeLimiterConfig.custom()
                                    .timeoutDuration(breaker.timeout())
                                    .build()),
                    backend);
            breakers.put(backend, factory.create(backend));
            openWaits.put(backend, wholeSeconds(breaker.openWait()));
        }
    }

    /**
     * A route filter that sends the rest of the route's chain (the proxy call) through {@code backend}'s time limit and
     * breaker. The time limit covers the wait for the backend's status and headers, not the streaming of the body.
     * Order it after filters that may answer without calling the backend.
     */
    public GatewayFilter guard(String backend) {
        ReactiveCircuitBreaker breaker = breaker(backend);
        Duration openWait = openWaits.get(backend);
        return (exchange, chain) -> breaker.run(
                        chain.filter(exchange).then(Mono.fromSupplier(() -> {
                            HttpStatusCode status = exchange.getResponse().getStatusCode();
                            return new Proxied(
                                    status == null ? 200 : status.value(),
                                    exchange.getResponse().getHeaders().containsHeader(HttpHeaders.RETRY_AFTER));
                        })),
                        error -> Mono.error(translate(backend, openWait, error)))
                .then();
    }

    /**
     * {@code call} through {@code backend}'s time limit and breaker, for callers that talk to a backend themselves.
     *
     * @return the backend's reply, also a failed one; an error for a timeout or a connection failure, and {@link
     *     CircuitOpen} (without calling) while the breaker is open
     */
    public <T extends BackendReply> Mono<T> call(String backend, Mono<T> call) {
        Duration openWait = openWaits.get(backend);
        return breaker(backend).run(call, error -> Mono.error(translate(backend, openWait, error)));
    }

    private ReactiveCircuitBreaker breaker(String backend) {
        ReactiveCircuitBreaker breaker = breakers.get(backend);
        if (breaker == null) {
            throw new IllegalArgumentException(
                    "no circuit breaker for backend " + backend + "; known: " + breakers.keySet());
        }
        return breaker;
    }

    private void logTransition(CircuitBreaker breaker, CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.State to = event.getStateTransition().getToState();
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        if (to == CircuitBreaker.State.OPEN) {
            log.warn(
                    "circuit breaker of {} opened ({}% of the last {} calls failed): calls are refused with 503 for {}",
                    breaker.getName(),
                    metrics.getFailureRate(),
                    metrics.getNumberOfBufferedCalls(),
                    openWaits.get(breaker.getName()));
        } else {
            log.info("circuit breaker of {}: {}", breaker.getName(), event.getStateTransition());
        }
    }

    static CircuitBreakerConfig circuitBreakerConfig(Breaker breaker) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindow())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .waitDurationInOpenState(breaker.openWait())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                .recordResult(BackendReply::isFailure)
                .recordException(BackendBreakers::isFailure)
                .build();
    }

    /** Every error counts, except one the gateway raised with a {@code 4xx} status. */
    static boolean isFailure(Throwable error) {
        return !(error instanceof ErrorResponse response
                && response.getStatusCode().is4xxClientError());
    }

    private static Throwable translate(String backend, Duration openWait, Throwable error) {
        return error instanceof CallNotPermittedException refused ? new CircuitOpen(backend, openWait, refused) : error;
    }

    private static Duration wholeSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** The status a proxied backend answered. */
    private record Proxied(int status, boolean retryAfter) implements BackendReply {}
}
