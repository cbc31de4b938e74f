package dev.shopfloor.order.web;

import dev.shopfloor.order.domain.InvalidOrder;
import dev.shopfloor.order.domain.OrderNotFound;
import dev.shopfloor.order.domain.Violation;
import dev.shopfloor.order.placement.IdempotencyKeyReused;
import dev.shopfloor.order.placement.UnknownProducts;
import dev.shopfloor.order.placement.UnsupportedCurrency;
import dev.shopfloor.order.placement.inventory.InventoryUnavailable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every error of the web API to an RFC 9457 {@code application/problem+json} answer: the service's own
 * exceptions to their problem types, Spring MVC's (malformed body, unknown path, wrong method, …) to problems typed
 * by status, and anything unexpected to a 500 that reveals nothing internal.
 */
@RestControllerAdvice
class ProblemHandlers extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidOrder(InvalidOrder e) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.BAD_REQUEST,
                "validation-failed",
                "Request is invalid",
                e.violations().size() + " field(s) of the request are invalid");
        problem.setProperty("violations", e.violations());
        return problem(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknownProducts(UnknownProducts e) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "unknown-sku",
                "Unknown product",
                "The catalog has no product with sku " + String.join(", ", e.skus()));
        problem.setProperty("skus", e.skus());
        return problem(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unsupportedCurrency(UnsupportedCurrency e) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.UNPROCESSABLE_CONTENT, "unsupported-currency", "Currency not supported", e.getMessage());
        problem.setProperty("sku", e.sku());
        problem.setProperty("currency", e.currency().getCurrencyCode());
        return problem(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> orderNotFound(OrderNotFound e) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.NOT_FOUND, "order-not-found", "Order not found", "There is no order " + e.orderId());
        problem.setProperty("orderId", e.orderId());
        return problem(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> idempotencyKeyReused(IdempotencyKeyReused e) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.CONFLICT,
                "idempotency-key-reused",
                "Idempotency key reused",
                "Idempotency-Key " + e.key() + " was first used with a different request; use a new key for a new"
                        + " order");
        problem.setProperty("idempotencyKey", e.key());
        problem.setProperty("orderId", e.orderId().toString());
        return problem(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> inventoryUnavailable(InventoryUnavailable e) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "inventory-unavailable",
                "Inventory unavailable",
                "Prices cannot be read from inventory-service right now; nothing was stored, retry later");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(wholeSeconds(e.retryAfter())))
                .body(problem);
    }

    /** A wait as {@code Retry-After} delay-seconds: whole seconds, rounded up, at least 1. */
    static long wholeSeconds(Duration wait) {
        long millis = wait.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(Problems.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The request failed unexpectedly; nothing was changed that the answer does not report"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request body",
                "The request body is missing or is not JSON of the expected shape");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new Violation(error.getField(), error.getDefaultMessage()))
                .toList();
        ProblemDetail problem = Problems.problem(
                HttpStatus.BAD_REQUEST,
                "validation-failed",
                "Request is invalid",
                violations.size() + " field(s) of the request are invalid");
        problem.setProperty("violations", violations);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Gives Spring MVC's own problems (unknown path, wrong method, …) a type URI and title of this service. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null
                        || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(Problems.BASE + Problems.slugOf(status)));
            problem.setTitle(Problems.titleOf(status));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
