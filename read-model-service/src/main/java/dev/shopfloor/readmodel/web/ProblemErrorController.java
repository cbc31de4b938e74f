package dev.shopfloor.readmodel.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Replaces Boot's error endpoint: errors that never reach the controller advice (from a filter or the container) still
 * answer {@code application/problem+json}, typed by status.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final ErrorAttributes errorAttributes;

    ProblemErrorController(ErrorAttributes errorAttributes) {
        this.errorAttributes = errorAttributes;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Map<String, Object> attributes =
                errorAttributes.getErrorAttributes(new ServletWebRequest(request), ErrorAttributeOptions.defaults());
        HttpStatus status = attributes.get("status") instanceof Integer code
                        && HttpStatus.resolve(code) != null
                        && HttpStatus.resolve(code).isError()
                ? HttpStatus.resolve(code)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = ProblemHandlers.problem(
                status,
                ProblemHandlers.slugOf(status),
                ProblemHandlers.titleOf(status),
                status.is5xxServerError() ? "The request failed unexpectedly" : "The request cannot be served");
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
