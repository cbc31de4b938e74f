package dev.shopfloor.readmodel.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every error of the query API to RFC 9457 {@code application/problem+json} with the platform's problem types
 * ({@code https://shopfloor.dev/problems/<slug>}): an unknown order {@code 404 order-not-found} (as order-service
 * answers it), bad query parameters {@code 400 validation-failed}, Spring MVC's own errors typed by status, anything
 * unexpected a {@code 500} that reveals nothing internal.
 */
@RestControllerAdvice
class ProblemHandlers extends ResponseEntityExceptionHandler {

    static final String BASE = "https://shopfloor.dev/problems/";

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> orderNotFound(OrderNotFound e) {
        ProblemDetail problem =
                problem(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", "There is no order " + e.orderId());
        problem.setProperty("orderId", e.orderId());
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler({ConstraintViolationException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> invalidParameter(Exception e) {
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST,
                        "validation-failed",
                        "Request is invalid",
                        "a query parameter is invalid: page >= 0, size 1-100, status PENDING, APPROVED or REJECTED"));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return ResponseEntity.internalServerError()
                .body(problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "Internal error",
                        "The request failed unexpectedly"));
    }

    /** Spring MVC's own problems (unknown path, wrong method, method validation) get a type and title too. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null
                        || "about:blank".equals(problem.getType().toString()))) {
            boolean validation = status.value() == 400;
            problem.setType(URI.create(BASE + (validation ? "validation-failed" : slugOf(status))));
            problem.setTitle(validation ? "Request is invalid" : titleOf(status));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null
                ? "http-" + status.value()
                : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String titleOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP " + status.value() : known.getReasonPhrase();
    }
}
