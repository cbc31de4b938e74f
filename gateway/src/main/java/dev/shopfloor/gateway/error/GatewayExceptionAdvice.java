package dev.shopfloor.gateway.error;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import dev.shopfloor.gateway.error.GatewayProblems.GatewayProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers errors raised while WebFlux dispatches a request: no route or handler ({@code 404}), a route whose backend
 * is down or too slow ({@code 503}), an actuator endpoint refusing a method. WebFlux hands such errors to controller
 * advice before any {@code WebExceptionHandler}, and Boot's {@code ProblemDetailsExceptionHandler}
 * ({@code spring.webflux.problemdetails.enabled}) would answer them with untyped problems and the gateway's raw
 * {@code 504}; this advice comes first and gives them the gateway's problem types. Errors outside dispatching (in web
 * filters) are answered by {@link ProblemExceptionHandler} with the same mapping.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class GatewayExceptionAdvice {

    private final GatewayProblems problems;

    GatewayExceptionAdvice(ShopfloorGatewayProperties properties) {
        this.problems = new GatewayProblems(properties.retryAfter());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handle(Exception error, ServerWebExchange exchange) {
        GatewayProblem problem = problems.describe(error, exchange);
        ProblemLog.log(problem, error, exchange.getRequest());
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.retryAfter() != null) {
            response.header(
                    HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfter().toSeconds()));
        }
        problem.headers().forEach(response::header);
        return response.body(problem.body());
    }
}
