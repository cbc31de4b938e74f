package dev.shopfloor.order.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problem types of this service: each has a stable {@code type} URI
 * ({@code https://shopfloor.dev/problems/<slug>}) and a fixed title; the detail says what happened this time.
 */
public final class Problems {

    /** Base of every problem type URI. */
    public static final String BASE = "https://shopfloor.dev/problems/";

    private Problems() {}

    /** A problem of type {@code slug}. */
    public static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /** The type slug of a problem that has no more specific type than its HTTP status, e.g. {@code not-found}. */
    public static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return "http-" + status.value();
        }
        return known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The reason phrase of a status, as a problem title; e.g. {@code Not Found}. */
    public static String titleOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP " + status.value() : known.getReasonPhrase();
    }
}
