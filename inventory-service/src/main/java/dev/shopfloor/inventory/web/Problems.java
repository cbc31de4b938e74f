package dev.shopfloor.inventory.web;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem details with the platform's problem types, {@code https://shopfloor.dev/problems/<slug>}.
 */
final class Problems {

    static final String TYPE_BASE = "https://shopfloor.dev/problems/";

    private Problems() {}

    /** A problem of a type of its own: fixed {@code title}, specific {@code detail}. */
    static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /**
     * Gives a problem that has no type of its own (e.g. {@code 405} from Spring MVC) the type named after its
     * status, such as {@code .../method-not-allowed}, and the status's reason phrase as title.
     */
    static ProblemDetail typed(ProblemDetail problem) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            HttpStatus status = HttpStatus.resolve(problem.getStatus());
            String phrase = status == null ? "Error" : status.getReasonPhrase();
            problem.setType(
                    URI.create(TYPE_BASE + phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")));
            problem.setTitle(phrase);
        }
        return problem;
    }
}
