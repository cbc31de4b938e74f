package dev.shopfloor.order.placement.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.order.config.OrderProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/** Which outcomes of a call to inventory-service are failures, and how the breaker and retry are set up. */
class InventoryResilienceTest {

    private static final OrderProperties.CircuitBreaker BREAKER =
            new OrderProperties.CircuitBreaker(10, 5, 50, Duration.ofMillis(1500), 2);

    @Test
    void countsServerErrorsAsFailures() {
        for (HttpStatus status : HttpStatus.values()) {
            if (status.is5xxServerError()) {
                assertThat(InventoryResilience.isFailure(answer(status)))
                        .as(status.toString())
                        .isTrue();
            }
        }
    }

    @Test
    void neverCountsClientErrorsAsFailures() {
        for (HttpStatus status : HttpStatus.values()) {
            if (status.is4xxClientError()) {
                assertThat(InventoryResilience.isFailure(answer(status)))
                        .as(status.toString())
                        .isFalse();
            }
        }
    }

    @Test
    void countsNoAnswerAsAFailure() {
        assertThat(InventoryResilience.isFailure(
                        new ResourceAccessException("refused", new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(InventoryResilience.isFailure(
                        new ResourceAccessException("connect", new HttpConnectTimeoutException("connect timed out"))))
                .isTrue();
        assertThat(InventoryResilience.isFailure(
                        new ResourceAccessException("read", new HttpTimeoutException("request timed out"))))
                .isTrue();
        assertThat(InventoryResilience.isFailure(new TimeoutException())).isTrue();
        // the connection broke while the body was read
        assertThat(InventoryResilience.isFailure(new RestClientException(
                        "Error while extracting response",
                        new HttpMessageNotReadableException(
                                "I/O error", new IOException("reset"), new MockHttpInputMessage(new byte[0])))))
                .isTrue();
    }

    @Test
    void looksThroughTheWrappingOfAnotherThread() {
        assertThat(InventoryResilience.isFailure(new ExecutionException(answer(HttpStatus.BAD_GATEWAY))))
                .isTrue();
        assertThat(InventoryResilience.isFailure(new ExecutionException(answer(HttpStatus.BAD_REQUEST))))
                .isFalse();
    }

    @Test
    void doesNotCountABodyThatIsNotAProductOrARefusalByTheBreaker() {
        assertThat(InventoryResilience.isFailure(new RestClientException(
                        "Error while extracting response",
                        new HttpMessageNotReadableException(
                                "JSON parse error",
                                new IllegalArgumentException("Unexpected character '<'"),
                                new MockHttpInputMessage(new byte[0])))))
                .isFalse();
        CircuitBreaker open = CircuitBreaker.ofDefaults("test");
        open.transitionToOpenState();
        assertThat(InventoryResilience.isFailure(CallNotPermittedException.createCallNotPermittedException(open)))
                .isFalse();
        assertThat(InventoryResilience.isFailure(new IllegalStateException("bug")))
                .isFalse();
    }

    @Test
    void breakerOpensOnServerErrorsOnceItSawTheMinimumNumberOfCalls() {
        CircuitBreaker breaker = CircuitBreaker.of("test", InventoryResilience.circuitBreakerConfig(BREAKER));

        IntStream.range(0, 4).forEach(i -> recordError(breaker, answer(HttpStatus.INTERNAL_SERVER_ERROR)));
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        recordError(breaker, new ResourceAccessException("refused", new ConnectException()));

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.getCircuitBreakerConfig()
                        .getWaitIntervalFunctionInOpenState()
                        .apply(1))
                .isEqualTo(1500L);
    }

    @Test
    void breakerStaysClosedBelowTheFailureRate() {
        CircuitBreaker breaker = CircuitBreaker.of("test", InventoryResilience.circuitBreakerConfig(BREAKER));

        for (int i = 0; i < 10; i++) {
            recordSuccess(breaker);
            if (i % 3 == 0) {
                recordError(breaker, answer(HttpStatus.SERVICE_UNAVAILABLE));
            }
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void breakerNeverOpensOnClientErrors() {
        CircuitBreaker breaker = CircuitBreaker.of("test", InventoryResilience.circuitBreakerConfig(BREAKER));

        for (int i = 0; i < 50; i++) {
            recordError(breaker, answer(i % 2 == 0 ? HttpStatus.BAD_REQUEST : HttpStatus.NOT_FOUND));
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void retriesFailuresOnlyWithExponentialBackoffUpToItsLimit() {
        RetryConfig config = InventoryResilience.retryConfig(
                new OrderProperties.Retry(4, Duration.ofMillis(100), 3, Duration.ofMillis(500)));

        assertThat(config.getMaxAttempts()).isEqualTo(4);
        assertThat(config.getIntervalBiFunction().apply(1, null)).isEqualTo(100L);
        assertThat(config.getIntervalBiFunction().apply(2, null)).isEqualTo(300L);
        assertThat(config.getIntervalBiFunction().apply(3, null)).isEqualTo(500L);
        assertThat(config.getExceptionPredicate().test(answer(HttpStatus.SERVICE_UNAVAILABLE)))
                .isTrue();
        assertThat(config.getExceptionPredicate().test(answer(HttpStatus.BAD_REQUEST)))
                .isFalse();
    }

    private static void recordError(CircuitBreaker breaker, Throwable error) {
        breaker.acquirePermission();
        breaker.onError(0, TimeUnit.MILLISECONDS, error);
    }

    private static void recordSuccess(CircuitBreaker breaker) {
        breaker.acquirePermission();
        breaker.onSuccess(0, TimeUnit.MILLISECONDS);
    }

    private static RuntimeException answer(HttpStatus status) {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        return status.is5xxServerError()
                ? HttpServerErrorException.create(status, status.getReasonPhrase(), HttpHeaders.EMPTY, body, null)
                : HttpClientErrorException.create(status, status.getReasonPhrase(), HttpHeaders.EMPTY, body, null);
    }
}
