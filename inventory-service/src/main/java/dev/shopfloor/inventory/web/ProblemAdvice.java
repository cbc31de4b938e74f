package dev.shopfloor.inventory.web;

import dev.shopfloor.inventory.catalog.InvalidPrice;
import dev.shopfloor.inventory.catalog.InvalidProduct;
import dev.shopfloor.inventory.catalog.InvalidSku;
import dev.shopfloor.inventory.catalog.ProductNotFound;
import dev.shopfloor.inventory.stock.IllegalStockChange;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure of a web request to an RFC 9457 {@code application/problem+json} answer with a stable type
 * {@code https://shopfloor.dev/problems/<slug>}:
 *
 * <ul>
 *   <li>{@code 400 malformed-request}: the body is not JSON of the expected shape, or a parameter has the wrong type;
 *   <li>{@code 400 validation-failed}: bean validation failed; {@code violations} lists {@code {field, message}};
 *   <li>{@code 400 invalid-sku}: the SKU in the path does not match the SKU pattern ({@code sku});
 *   <li>{@code 404 product-not-found}: no product has the SKU ({@code sku});
 *   <li>{@code 422 invalid-price}, {@code 422 invalid-product}, {@code 422 illegal-stock-change};
 *   <li>anything Spring MVC answers itself gets a type named after its status ({@code not-found},
 *       {@code method-not-allowed}, …); an unexpected failure is a {@code 500 internal-server-error} without
 *       internals.
 * </ul>
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(InvalidSku.class)
    ResponseEntity<ProblemDetail> invalidSku(InvalidSku e) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "invalid-sku", "Invalid SKU", e.getMessage());
        problem.setProperty("sku", e.value());
        return answer(problem);
    }

    @ExceptionHandler(ProductNotFound.class)
    ResponseEntity<ProblemDetail> productNotFound(ProductNotFound e) {
        ProblemDetail problem =
                Problems.problem(HttpStatus.NOT_FOUND, "product-not-found", "Product not found", e.getMessage());
        problem.setProperty("sku", e.sku().value());
        return answer(problem);
    }

    @ExceptionHandler(InvalidPrice.class)
    ResponseEntity<ProblemDetail> invalidPrice(InvalidPrice e) {
        return answer(
                Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-price", "Invalid price", e.getMessage()));
    }

    @ExceptionHandler(InvalidProduct.class)
    ResponseEntity<ProblemDetail> invalidProduct(InvalidProduct e) {
        return answer(Problems.problem(
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-product", "Invalid product", e.getMessage()));
    }

    @ExceptionHandler(IllegalStockChange.class)
    ResponseEntity<ProblemDetail> illegalStockChange(IllegalStockChange e) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.UNPROCESSABLE_CONTENT, "illegal-stock-change", "Illegal stock change", e.getMessage());
        problem.setProperty("sku", e.sku().value());
        return answer(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure of a web request", e);
        return answer(Problems.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-server-error",
                "Internal Server Error",
                "the request failed unexpectedly; it has been logged"));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail given ? given : ProblemDetail.forStatus(status);
        switch (ex) {
            case MethodArgumentNotValidException invalid ->
                validationFailed(problem, violations(invalid.getBindingResult().getFieldErrors()));
            case HandlerMethodValidationException invalid -> validationFailed(problem, violations(invalid));
            case HttpMessageNotReadableException unreadable ->
                malformed(problem, "the request body is not JSON of the expected shape");
            case TypeMismatchException mismatch ->
                malformed(
                        problem,
                        "parameter '" + mismatch.getPropertyName() + "' must be of type "
                                + (mismatch.getRequiredType() == null
                                        ? "?"
                                        : mismatch.getRequiredType().getSimpleName()));
            default -> Problems.typed(problem);
        }
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static void validationFailed(ProblemDetail problem, List<Map<String, String>> violations) {
        problem.setType(URI.create(Problems.TYPE_BASE + "validation-failed"));
        problem.setTitle("Validation failed");
        problem.setDetail("the request has " + violations.size() + " invalid value(s)");
        problem.setProperty("violations", violations);
    }

    private static void malformed(ProblemDetail problem, String detail) {
        problem.setType(URI.create(Problems.TYPE_BASE + "malformed-request"));
        problem.setTitle("Malformed request");
        problem.setDetail(detail);
    }

    private static List<Map<String, String>> violations(List<FieldError> errors) {
        return errors.stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .sorted((a, b) -> a.get("field").compareTo(b.get("field")))
                .toList();
    }

    private static List<Map<String, String>> violations(HandlerMethodValidationException invalid) {
        List<Map<String, String>> violations = new ArrayList<>();
        invalid.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fieldError ? fieldError.getField() : name;
                violations.add(
                        Map.of("field", String.valueOf(field), "message", String.valueOf(error.getDefaultMessage())));
            }
        });
        return violations;
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
