package dev.shopfloor.gateway.error;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import dev.shopfloor.gateway.error.GatewayProblems.GatewayProblem;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers errors that escape request dispatching (raised in a web filter, or not handled by
 * {@link GatewayExceptionAdvice}) in {@code application/problem+json}, with the mapping of {@link GatewayProblems}.
 * Ordered before Boot's {@code ErrorWebExceptionHandler} (order -1), which would answer with Boot's own JSON shape.
 * An error after the response was committed cannot be answered any more and is passed on.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final GatewayProblems problems;
    private final HttpMessageWriter<ProblemDetail> writer;

    ProblemExceptionHandler(ServerCodecConfigurer codecs, ShopfloorGatewayProperties properties) {
        this.problems = new GatewayProblems(properties.retryAfter());
        this.writer = problemWriter(codecs);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        GatewayProblem problem = problems.describe(error, exchange);
        ProblemLog.log(problem, error, exchange.getRequest());

        // Content headers already set belong to an answer that is not sent.
        response.getHeaders().clearContentHeaders();
        response.setStatusCode(problem.status());
        if (problem.retryAfter() != null) {
            response.getHeaders()
                    .set(
                            HttpHeaders.RETRY_AFTER,
                            Long.toString(problem.retryAfter().toSeconds()));
        }
        problem.headers().forEach(response.getHeaders()::set);
        return writer.write(Mono.just(problem.body()), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static HttpMessageWriter<ProblemDetail> problemWriter(ServerCodecConfigurer codecs) {
        return codecs.getWriters().stream()
                .filter(writer -> writer.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .map(writer -> (HttpMessageWriter<ProblemDetail>) writer)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no codec writes application/problem+json"));
    }
}
