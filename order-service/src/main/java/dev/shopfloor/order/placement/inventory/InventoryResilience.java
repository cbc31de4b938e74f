package dev.shopfloor.order.placement.inventory;

import dev.shopfloor.order.config.OrderProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClientResponseException;

/**
 * The resilience of the calls to inventory-service: which outcomes are failures, and the resilience4j settings of
 * the circuit breaker {@value #CIRCUIT_BREAKER} (given to Spring Cloud CircuitBreaker's factory) and of the retry,
 * built from {@code shopfloor.order.inventory-client}.
 *
 * <p>A failure is what says inventory-service is not answering properly: no connection, an I/O error or timeout, a
 * 5xx. Those count against the breaker and are retried. A 4xx is inventory-service answering, so it is neither: a
 * 404 (unknown sku) is a normal answer, and repeating a 400 would only get another 400. A breaker that refuses a
 * call is not a failure either (it would keep itself open), and neither is an answer that cannot be read.
 */
@Configuration(proxyBeanMethods = false)
class InventoryResilience {

    /** Name of the circuit breaker, and of the retry, in front of inventory-service; also the metrics' tag. */
    static final String CIRCUIT_BREAKER = "inventory";

    private static final Logger log = LoggerFactory.getLogger(InventoryResilience.class);

    /** Causes are followed this deep at most, in case a chain loops. */
    private static final int MAX_CAUSE_DEPTH = 16;

    @Bean
    Customizer<Resilience4JCircuitBreakerFactory> inventoryCircuitBreaker(OrderProperties properties) {
        return configure(properties.inventoryClient().circuitBreaker());
    }

    /**
     * Configures the breaker {@value #CIRCUIT_BREAKER} in a Spring Cloud CircuitBreaker factory and registers it at
     * once, so its state is exported (as {@code resilience4j.circuitbreaker.state}) from start-up rather than from
     * the first order, and its state changes are logged.
     */
    static Customizer<Resilience4JCircuitBreakerFactory> configure(OrderProperties.CircuitBreaker settings) {
        CircuitBreakerConfig config = circuitBreakerConfig(settings);
        return factory -> {
            factory.configure(builder -> builder.circuitBreakerConfig(config), CIRCUIT_BREAKER);
            // Spring Cloud looks the breaker up by name on every call and finds this instance; the tag is the one it
            // gives its breakers (their group).
            CircuitBreaker breaker = factory.getCircuitBreakerRegistry()
                    .circuitBreaker(CIRCUIT_BREAKER, config, Map.of("group", CIRCUIT_BREAKER));
            breaker.getEventPublisher()
                    .onStateTransition(event -> log.warn(
                            "circuit breaker {}: {}", event.getCircuitBreakerName(), event.getStateTransition()));
        };
    }

    /** The breaker's settings: a count-based window, failures as {@link #isFailure} says. */
    static CircuitBreakerConfig circuitBreakerConfig(OrderProperties.CircuitBreaker settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                // half-open when the wait is over, not at the next call: the exported state tells the truth
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // an exception that is not a failure counts as a success: inventory-service did answer
                .recordException(InventoryResilience::isFailure)
                .build();
    }

    /** The retry's settings: exponential backoff, only failures as {@link #isFailure} says are retried. */
    static RetryConfig retryConfig(OrderProperties.Retry settings) {
        return RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(
                        settings.backoff(), settings.backoffMultiplier(), settings.maxBackoff()))
                .retryOnException(InventoryResilience::isFailure)
                .build();
    }

    /**
     * Whether an exception thrown by one attempt says inventory-service is failing: a 5xx answer, an I/O error
     * anywhere in its causes (refused or reset connection, connect or read timeout), or a timeout. Everything else,
     * 4xx answers first, is not.
     */
    static boolean isFailure(Throwable thrown) {
        Throwable failure = thrown;
        // had the call run on another thread, its exception would come wrapped
        while ((failure instanceof ExecutionException || failure instanceof CompletionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof RestClientResponseException answer) {
            return answer.getStatusCode().is5xxServerError();
        }
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
