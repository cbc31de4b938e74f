package dev.shopfloor.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.Breaker;
import dev.shopfloor.gateway.config.ShopfloorGatewayProperties.Resilience;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The breakers on plain monos with resilience4j's real registries: what counts as a backend failure, and when a call is
 * refused. (Through the gateway, with real HTTP, it is CircuitBreakerIT's subject.)
 */
class BackendBreakersTest {

    static final Breaker SMALL = new Breaker(Duration.ofSeconds(1), 4, 4, 50, Duration.ofSeconds(30), 1);

    final BackendBreakers breakers = new BackendBreakers(
            factory(), new Resilience(SMALL, Map.of()), List.of("inventory-service", "payment-service"));

    record Reply(int status, boolean retryAfter) implements BackendReply {

        Reply(int status) {
            this(status, false);
        }
    }

    @Test
    void countsServerErrorAnswersAndNothingElse() {
        assertThat(BackendReply.isFailure(new Reply(500))).isTrue();
        assertThat(BackendReply.isFailure(new Reply(503))).isTrue();
        assertThat(BackendReply.isFailure(new Reply(502, true))).isTrue();
        // a 503 with Retry-After is a healthy backend refusing on purpose (e.g. its own dependency is down)
        assertThat(BackendReply.isFailure(new Reply(503, true))).isFalse();
        assertThat(BackendReply.isFailure(new Reply(200))).isFalse();
        assertThat(BackendReply.isFailure(new Reply(400))).isFalse();
        assertThat(BackendReply.isFailure(new Reply(404))).isFalse();
        assertThat(BackendReply.isFailure(new Reply(429))).isFalse();
        assertThat(BackendReply.isFailure("not a reply")).isFalse();
    }

    @Test
    void countsTimeoutsAndConnectionFailuresButNotClientErrors() {
        assertThat(BackendBreakers.isFailure(new TimeoutException())).isTrue();
        assertThat(BackendBreakers.isFailure(new ConnectException("refused"))).isTrue();
        assertThat(BackendBreakers.isFailure(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT)))
                .isTrue();
        assertThat(BackendBreakers.isFailure(new ResponseStatusException(HttpStatus.BAD_REQUEST)))
                .isFalse();
    }

    @Test
    void refusesCallsWithoutMakingThemOnceEnoughServerErrorsCame() {
        for (int i = 0; i < 4; i++) {
            assertThat(breakers.call("inventory-service", Mono.just(new Reply(503)))
                            .block(Duration.ofSeconds(5)))
                    .isEqualTo(new Reply(503));
        }
        AtomicInteger made = new AtomicInteger();

        Mono<Reply> refused = breakers.call("inventory-service", Mono.fromSupplier(() -> {
            made.incrementAndGet();
            return new Reply(200);
        }));

        assertThatThrownBy(() -> refused.block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CircuitOpen.class, open -> {
                    assertThat(open.backend()).isEqualTo("inventory-service");
                    assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
        assertThat(made).hasValue(0);
        assertThat(breakers.call("payment-service", Mono.just(new Reply(200))).block(Duration.ofSeconds(5)))
                .as("another backend's breaker")
                .isEqualTo(new Reply(200));
    }

    @Test
    void keepsCallingABackendThatAnswersOnlyClientErrors() {
        for (int i = 0; i < 20; i++) {
            assertThat(breakers.call("payment-service", Mono.just(new Reply(409)))
                            .block(Duration.ofSeconds(5)))
                    .isEqualTo(new Reply(409));
        }
    }

    @Test
    void countsACallThatOutlastsTheTimeLimitAsFailed() {
        for (int i = 0; i < 4; i++) {
            Mono<Reply> slow = breakers.call("inventory-service", Mono.never());
            assertThatThrownBy(() -> slow.block(Duration.ofSeconds(5))).hasRootCauseInstanceOf(TimeoutException.class);
        }

        assertThatThrownBy(() -> breakers.call("inventory-service", Mono.just(new Reply(200)))
                        .block(Duration.ofSeconds(5)))
                .isInstanceOf(CircuitOpen.class);
    }

    @Test
    void refusesSettingsForABackendItDoesNotKnow() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BackendBreakers(
                        factory(),
                        new Resilience(SMALL, Map.of("inventroy-service", SMALL)),
                        List.of("inventory-service")))
                .withMessageContaining("inventroy-service");
    }

    private static ReactiveResilience4JCircuitBreakerFactory factory() {
        return new ReactiveResilience4JCircuitBreakerFactory(
                CircuitBreakerRegistry.ofDefaults(),
                TimeLimiterRegistry.ofDefaults(),
                null,
                new Resilience4JConfigurationProperties());
    }
}
