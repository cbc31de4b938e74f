package dev.shopfloor.security.servlet;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A customer's token asked to act for another customer (e.g. place an order in another customer's name): {@code 403}
 * problem {@code https://shopfloor.dev/problems/forbidden}. Reads of another customer's resources are answered
 * {@code 404} instead, with the service's own not-found problem, so that nothing about them is revealed.
 */
public class ForeignCustomer extends ErrorResponseException {

    public ForeignCustomer(String customerId) {
        super(HttpStatus.FORBIDDEN, problem(customerId), null);
    }

    private static ProblemDetail problem(String customerId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, "the token acts for another customer than " + customerId);
        problem.setType(URI.create("https://shopfloor.dev/problems/forbidden"));
        problem.setTitle("Forbidden");
        return problem;
    }
}
