package dev.shopfloor.payment.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's fallback error controller so that errors raised outside Spring MVC's exception handling (by the
 * servlet container or a filter) are {@code application/problem+json} too, never Boot's legacy error map. A direct
 * request to the error path answers 404. Details of server errors are not exposed.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status =
                code instanceof Integer value ? HttpStatusCode.valueOf(value) : HttpStatusCode.valueOf(404);
        String detail = status.is5xxServerError()
                ? "The request could not be completed. Try again later."
                : status.value() == 404 ? "No resource at this path." : "The request was refused by the server.";
        ProblemDetail problem = Problems.problem(
                status,
                status.is5xxServerError() ? "internal-error" : Problems.slugOf(status),
                status.is5xxServerError() ? "Internal error" : Problems.titleOf(status),
                detail);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            try {
                problem.setInstance(URI.create(uri));
            } catch (IllegalArgumentException e) {
                // a path the container refused may not be a valid URI; leave instance out then
            }
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
