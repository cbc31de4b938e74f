package dev.shopfloor.security;

/**
 * The RFC 9457 problem documents of authentication and authorization failures, written before any controller (or
 * Jackson message converter) is involved. Types are {@code https://shopfloor.dev/problems/<slug>} like every other
 * problem of the platform.
 */
public final class ProblemJson {

    public static final String CONTENT_TYPE = "application/problem+json";

    private ProblemJson() {}

    /** {@code 401}: no token, or one that is malformed, badly signed, expired, or for another issuer or audience. */
    public static String unauthorized(String detail, String instance) {
        return of(401, "unauthorized", "Unauthorized", detail, instance);
    }

    /** {@code 403}: a valid token that lacks the scope the route needs. */
    public static String forbidden(String detail, String instance) {
        return of(403, "forbidden", "Forbidden", detail, instance);
    }

    /**
     * A problem document.
     *
     * @param status the HTTP status
     * @param slug the last segment of the problem type URI
     * @param title a short summary of the problem type
     * @param detail this occurrence, for a human
     * @param instance the request path
     */
    public static String of(int status, String slug, String title, String detail, String instance) {
        return "{\"type\":" + quote("https://shopfloor.dev/problems/" + slug)
                + ",\"title\":" + quote(title)
                + ",\"status\":" + status
                + ",\"detail\":" + quote(detail)
                + ",\"instance\":" + quote(instance) + "}";
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The detail of a 401, from what Spring Security found wrong (never the token itself). */
    public static String unauthorizedDetail(boolean tokenPresent, String reason) {
        if (!tokenPresent) {
            return "a bearer access token is required (Authorization: Bearer <token>)";
        }
        return "the bearer token was refused: " + (reason == null ? "invalid token" : reason);
    }

    /** The detail of a 403: which scope the route needs, when it is known. */
    public static String forbiddenDetail(String method, String path) {
        return ApiAccess.requiredScope(method, path)
                .map(scope -> "the token lacks the scope " + scope + " that " + method + " " + path + " needs")
                .orElse("the token does not allow " + method + " " + path);
    }
}
