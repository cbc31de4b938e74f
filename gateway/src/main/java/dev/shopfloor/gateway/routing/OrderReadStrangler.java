package dev.shopfloor.gateway.routing;

import dev.shopfloor.gateway.resilience.BackendBreakers;
import dev.shopfloor.gateway.resilience.BackendReply;
import dev.shopfloor.gateway.resilience.CircuitOpen;
import dev.shopfloor.gateway.routing.StranglerWeights.Side;
import dev.shopfloor.gateway.security.CallerKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Serves {@code GET /api/orders/{orderId}} from order-service (legacy) or read-model-service (new), by the sticky
 * weighted choice of {@link StranglerWeights}, and says which in {@code X-Served-By}.
 *
 * <p>Legacy requests go down the route's normal proxy chain. A request for the new side is sent to read-model-service
 * first; when it answers {@code 404} (the read model has not received the order yet: it lags its sources by
 * milliseconds to seconds), a {@code 5xx}, or cannot be reached, the request falls back to the legacy path, so a
 * caller who just placed an order never gets a 404 from the lag and a read-model failure never reaches the caller.
 *
 * <p>Circuit breakers: the call to read-model-service goes through read-model-service's breaker (its {@code 5xx},
 * timeouts and connection failures count, its {@code 404} does not). While that breaker is open the read model is not
 * called at all and the read goes straight to the legacy side, so a failing read model costs callers no time. The
 * legacy side passes order-service's breaker like every other route to order-service.
 *
 * <p>Metrics: {@code gateway.strangler.requests} (tag {@code backend}: who served the answer),
 * {@code gateway.strangler.errors} (tag {@code backend}: 5xx answers and unreachable backends) and
 * {@code gateway.strangler.fallbacks} (tag {@code reason}: {@code not-found}, {@code error} or {@code circuit-open}).
 */
final class OrderReadStrangler implements GatewayFilter {

    static final String SERVED_BY = "X-Served-By";

    private static final Logger log = LoggerFactory.getLogger(OrderReadStrangler.class);
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length");

    private final StranglerWeights weights;
    private final URI readModel;
    /** Why a read went back to order-service: the tag {@code reason} of {@code gateway.strangler.fallbacks}. */
    private static final java.util.List<String> FALLBACK_REASONS =
            java.util.List.of("not-found", "error", "circuit-open");

    private final MeterRegistry metrics;
    private final WebClient client;
    private final BackendBreakers breakers;

    OrderReadStrangler(
            StranglerWeights weights,
            URI readModel,
            MeterRegistry metrics,
            Duration responseTimeout,
            BackendBreakers breakers,
            WebClient.Builder webClient) {
        this.weights = weights;
        this.readModel = readModel;
        this.metrics = metrics;
        this.breakers = breakers;
        // every series at zero from the start, so a dashboard shows a flat line (not "no data") until the first error
        for (Side side : Side.values()) {
            metrics.counter("gateway.strangler.requests", "backend", side.backend());
            metrics.counter("gateway.strangler.errors", "backend", side.backend());
        }
        for (String reason : FALLBACK_REASONS) {
            metrics.counter("gateway.strangler.fallbacks", "reason", reason);
        }
        this.client = webClient
                .clone()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                        .responseTimeout(responseTimeout)))
                .build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return CallerKey.of(exchange)
                .flatMap(caller -> weights.sideFor(caller) == Side.NEW
                        ? fromReadModel(exchange)
                                .flatMap(answer ->
                                        write(exchange.getResponse(), answer).thenReturn(Side.NEW))
                                // Only when the read model gave no answer to pass on: a written answer is a value here,
                                // so a completed write never falls through to the legacy side as well.
                                .switchIfEmpty(
                                        Mono.defer(() -> legacy(exchange, chain).thenReturn(Side.LEGACY)))
                                .then()
                        : legacy(exchange, chain));
    }

    private Mono<Void> legacy(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            response.getHeaders().set(SERVED_BY, Side.LEGACY.backend());
            HttpStatus status = HttpStatus.resolve(
                    response.getStatusCode() == null
                            ? 200
                            : response.getStatusCode().value());
            count(Side.LEGACY, status != null && status.is5xxServerError());
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /** The read model's answer to pass on, or empty when the legacy side must answer instead. */
    private Mono<Answer> fromReadModel(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        URI target = URI.create(readModel.toString().replaceAll("/$", "")
                + request.getURI().getRawPath()
                + (request.getURI().getRawQuery() == null
                        ? ""
                        : "?" + request.getURI().getRawQuery()));
        Mono<Answer> call = client.get()
                .uri(target)
                .headers(headers -> {
                    copy(request.getHeaders(), headers, HttpHeaders.ACCEPT);
                    copy(request.getHeaders(), headers, HttpHeaders.AUTHORIZATION);
                })
                .exchangeToMono(answer -> {
                    int status = answer.statusCode().value();
                    if (status == 404 || status >= 500) {
                        return answer.releaseBody().thenReturn(Answer.notPassedOn(status));
                    }
                    return answer.bodyToMono(byte[].class)
                            .defaultIfEmpty(new byte[0])
                            .map(body -> new Answer(status, answer.headers().asHttpHeaders(), body));
                });
        return breakers.call(Side.NEW.backend(), call)
                .flatMap(answer -> {
                    if (answer.status() == 404) {
                        fallback("not-found");
                        return Mono.empty();
                    }
                    if (answer.status() >= 500) {
                        metrics.counter("gateway.strangler.errors", "backend", Side.NEW.backend())
                                .increment();
                        fallback("error");
                        return Mono.empty();
                    }
                    return Mono.just(answer);
                })
                .onErrorResume(error -> {
                    if (error instanceof CircuitOpen) {
                        fallback("circuit-open");
                        return Mono.empty();
                    }
                    log.debug("read-model-service failed; answering from order-service", error);
                    metrics.counter("gateway.strangler.errors", "backend", Side.NEW.backend())
                            .increment();
                    fallback("error");
                    return Mono.empty();
                });
    }

    private Mono<Void> write(ServerHttpResponse response, Answer answer) {
        response.setRawStatusCode(answer.status());
        answer.headers().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                response.getHeaders().put(name, values);
            }
        });
        response.getHeaders().set(SERVED_BY, Side.NEW.backend());
        response.getHeaders().setContentLength(answer.body().length);
        count(Side.NEW, false);
        DataBuffer buffer = response.bufferFactory().wrap(answer.body());
        return response.writeWith(Mono.just(buffer));
    }

    private void count(Side side, boolean error) {
        metrics.counter("gateway.strangler.requests", "backend", side.backend()).increment();
        if (error) {
            metrics.counter("gateway.strangler.errors", "backend", side.backend())
                    .increment();
        }
    }

    private void fallback(String reason) {
        metrics.counter("gateway.strangler.fallbacks", "reason", reason).increment();
    }

    private static void copy(HttpHeaders from, HttpHeaders to, String name) {
        if (from.containsHeader(name)) {
            to.put(name, from.get(name));
        }
    }

    /** What read-model-service answered; the body only of an answer that is passed on. */
    private record Answer(int status, HttpHeaders headers, byte[] body) implements BackendReply {

        @Override
        public boolean retryAfter() {
            return headers.containsHeader(HttpHeaders.RETRY_AFTER);
        }

        static Answer notPassedOn(int status) {
            return new Answer(status, new HttpHeaders(), new byte[0]);
        }
    }
}
