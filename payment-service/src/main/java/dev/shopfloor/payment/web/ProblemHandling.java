package dev.shopfloor.payment.web;

import static dev.shopfloor.payment.web.Problems.problem;

import dev.shopfloor.payment.account.AccountNotFound;
import dev.shopfloor.payment.account.CreditLimitBelowCommitment;
import dev.shopfloor.payment.account.CurrencyMismatch;
import dev.shopfloor.payment.account.InvalidAmount;
import dev.shopfloor.payment.account.InvalidCreditLimit;
import dev.shopfloor.payment.account.Money;
import dev.shopfloor.payment.account.UnsupportedCurrency;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every error of the HTTP API to an RFC 9457 {@code application/problem+json} answer with a stable
 * {@code type} ({@code https://shopfloor.dev/problems/<slug>}), a fixed title per type, a specific detail and
 * extension members:
 *
 * <ul>
 *   <li>400 {@code malformed-request}: the body is not JSON of the expected shape;
 *   <li>400 {@code invalid-request}: bean validation failed, with {@code violations: [{field, message}]};
 *   <li>404 {@code account-not-found} (with {@code customerId}), or {@code not-found} for an unknown URL;
 *   <li>409 {@code credit-limit-below-commitment} (with {@code customerId}, {@code committed});
 *   <li>422 {@code invalid-amount}, {@code invalid-credit-limit}, {@code unsupported-currency};
 *   <li>other HTTP errors: the status's reason phrase as slug (e.g. {@code method-not-allowed});
 *   <li>500 {@code internal-error} for anything unexpected, without internals.
 * </ul>
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(AccountNotFound.class)
    ProblemDetail accountNotFound(AccountNotFound e) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "account-not-found", "Account not found", e.getMessage());
        problem.setProperty("customerId", e.customerId().value());
        return problem;
    }

    @ExceptionHandler(CreditLimitBelowCommitment.class)
    ProblemDetail creditLimitBelowCommitment(CreditLimitBelowCommitment e) {
        ProblemDetail problem = problem(
                HttpStatus.CONFLICT,
                "credit-limit-below-commitment",
                "Credit limit below committed credit",
                e.getMessage());
        problem.setProperty("customerId", e.customerId().value());
        problem.setProperty("requestedLimit", money(e.requestedLimit()));
        problem.setProperty("committed", money(e.committed()));
        return problem;
    }

    @ExceptionHandler(InvalidAmount.class)
    ProblemDetail invalidAmount(InvalidAmount e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-amount", "Invalid amount", e.getMessage());
    }

    @ExceptionHandler(InvalidCreditLimit.class)
    ProblemDetail invalidCreditLimit(InvalidCreditLimit e) {
        return problem(
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-credit-limit", "Invalid credit limit", e.getMessage());
    }

    @ExceptionHandler({UnsupportedCurrency.class, CurrencyMismatch.class})
    ProblemDetail unsupportedCurrency(RuntimeException e) {
        return problem(
                HttpStatus.UNPROCESSABLE_CONTENT, "unsupported-currency", "Unsupported currency", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error while handling a request", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The request could not be completed; nothing was changed. Try again later.");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request",
                "The request body is missing or is not JSON of the expected shape.");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> violations = new ArrayList<>();
        ex.getBindingResult()
                .getFieldErrors()
                .forEach(error -> violations.add(violation(error.getField(), error.getDefaultMessage())));
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> violations.add(violation(error.getObjectName(), error.getDefaultMessage())));
        return handleExceptionInternal(ex, invalidRequest(violations), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> violations = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String parameter = result.getMethodParameter().getParameterName();
            boolean body = result.getMethodParameter().hasParameterAnnotation(RequestBody.class);
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                // Fields of the body are named as in the JSON; anything else by its parameter (e.g. customerId).
                String field;
                if (error instanceof FieldError fieldError) {
                    field = body ? fieldError.getField() : parameter + "." + fieldError.getField();
                } else {
                    field = body ? "body" : parameter;
                }
                violations.add(violation(field, error.getDefaultMessage()));
            }
        });
        return handleExceptionInternal(ex, invalidRequest(violations), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Gives Spring MVC's own problem details (404, 405, 415, ...) a platform type and title. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            problem.setType(URI.create(Problems.TYPE_BASE + Problems.slugOf(statusCode)));
            problem.setTitle(Problems.titleOf(statusCode));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ProblemDetail invalidRequest(List<Map<String, String>> violations) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                violations.size() == 1
                        ? "1 field of the request is invalid."
                        : violations.size() + " fields of the request are invalid.");
        problem.setProperty("violations", violations);
        return problem;
    }

    private static Map<String, String> violation(String field, String message) {
        return Map.of("field", field, "message", message == null ? "is invalid" : message);
    }

    private static Map<String, String> money(Money money) {
        return Map.of(
                "amount", money.amountString(), "currency", money.currency().getCurrencyCode());
    }
}
