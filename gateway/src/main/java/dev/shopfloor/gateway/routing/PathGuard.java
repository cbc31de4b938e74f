package dev.shopfloor.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decides whether a raw request path is safe to forward. The gateway matches routes on the path as received, but
 * the servlet containers behind it normalize dot segments: {@code /api/orders/../../actuator/env} would match the
 * order route here and then reach order-service's actuator there. So a path is refused when any segment is, after
 * percent-decoding and dropping path parameters ({@code ..;x}), {@code .} or {@code ..}, or contains an encoded
 * slash or backslash. Refused paths match no route and are answered {@code 404}.
 */
public final class PathGuard {

    private PathGuard() {}

    /**
     * @param rawPath the path as sent by the client, still percent-encoded (e.g. {@code URI#getRawPath()})
     * @return true if the path can be forwarded as it is
     */
    public static boolean isSafe(String rawPath) {
        if (rawPath == null || rawPath.indexOf('\\') >= 0) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            String decoded = decode(segment);
            if (decoded == null || decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0) {
                return false;
            }
            int parameters = decoded.indexOf(';');
            String name = parameters >= 0 ? decoded.substring(0, parameters) : decoded;
            if (name.equals(".") || name.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decodes one segment; null if it holds a malformed escape. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        byte[] out = new byte[segment.length()];
        int length = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                out[length++] = (byte) ((high << 4) + low);
                i += 2;
            } else if (c < 0x80) {
                out[length++] = (byte) c;
            } else {
                // Raw non-ASCII cannot spell a dot or a slash; keep a harmless placeholder.
                out[length++] = (byte) '_';
            }
        }
        return new String(out, 0, length, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }
}
