package dev.shopfloor.saga.createorder.web;

import dev.shopfloor.saga.createorder.SagaNotFound;
import dev.shopfloor.saga.createorder.SagaNotParked;
import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps errors to RFC 9457 {@code application/problem+json}: {@link SagaNotFound} to {@code 404} with type {@code
 * https://shopfloor.dev/problems/saga-not-found}; {@link SagaNotParked} to {@code 409} with type {@code
 * https://shopfloor.dev/problems/saga-not-parked}; Spring MVC's own errors (unknown URL, wrong method, …) through
 * {@link ResponseEntityExceptionHandler}; anything unexpected to a {@code 500} that reveals no internals.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String PROBLEMS = "https://shopfloor.dev/problems/";
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(SagaNotFound.class)
    ResponseEntity<ProblemDetail> sagaNotFound(SagaNotFound e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create(PROBLEMS + "saga-not-found"));
        problem.setTitle("Saga not found");
        if (e.orderId() != null) {
            problem.setProperty("orderId", e.orderId());
        }
        if (e.sagaId() != null) {
            problem.setProperty("sagaId", e.sagaId());
        }
        return problemResponse(problem);
    }

    @ExceptionHandler(SagaNotParked.class)
    ResponseEntity<ProblemDetail> sagaNotParked(SagaNotParked e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create(PROBLEMS + "saga-not-parked"));
        problem.setTitle("Saga not parked");
        problem.setProperty("sagaId", e.sagaId().toString());
        problem.setProperty("state", e.state().name());
        return problemResponse(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error answering a request", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The server failed to answer; the error is logged.");
        problem.setType(URI.create(PROBLEMS + "internal-error"));
        problem.setTitle("Internal error");
        return problemResponse(problem);
    }

    // Spring MVC's own problems (404 unknown URL, 405 wrong method, 415, ...) get a platform type too. The body is
    // built by the superclass (often from a null body), so the type is set on what it returns.
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            HttpStatus status = HttpStatus.resolve(problem.getStatus());
            String slug = status == null
                    ? "http-" + problem.getStatus()
                    : status.name().toLowerCase(Locale.ROOT).replace('_', '-');
            problem.setType(URI.create(PROBLEMS + slug));
        }
        return response;
    }

    private static ResponseEntity<ProblemDetail> problemResponse(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
