package dev.shopfloor.security.servlet;

import dev.shopfloor.security.ProblemJson;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Spring Security's firewall checks a header's value when a controller reads it (e.g. an {@code Idempotency-Key} with
 * characters outside ISO-8859-1), so its refusal surfaces inside Spring MVC, where a service's catch-all handler would
 * answer {@code 500}. It is the client's request that is wrong: {@code 400} problem {@code rejected-request}, as for
 * the refusals before any controller ({@code RequestRejectedHandler} of {@link ServletResourceServerAutoConfiguration}).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RejectedRequestAdvice {

    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<String> rejected(RequestRejectedException error, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemJson.of(
                        400, "rejected-request", "Rejected request", REJECTED_DETAIL, request.getRequestURI()));
    }

    static final String REJECTED_DETAIL =
            "the request cannot be accepted: a header or the path holds characters that are not allowed there";
}
