package dev.shopfloor.order.web;

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
 * Replaces Boot's whitelabel / JSON error endpoint: errors that never reach a controller advice (raised in a servlet
 * filter, or a {@code sendError} from the container) still answer {@code application/problem+json}, typed by status.
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
        HttpStatus status = status(attributes.get("status"));
        ProblemDetail problem = Problems.problem(
                status,
                Problems.slugOf(status),
                Problems.titleOf(status),
                status.is5xxServerError() ? "The request failed unexpectedly" : "The request cannot be served");
        Object path = attributes.get("path");
        if (path != null) {
            problem.setProperty("path", path.toString());
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static HttpStatus status(Object code) {
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            if (status != null && status.isError()) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
