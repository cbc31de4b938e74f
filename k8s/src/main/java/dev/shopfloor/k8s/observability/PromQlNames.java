package dev.shopfloor.k8s.observability;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression refers to, and those of every query that Shopfloor ships (Grafana dashboards and
 * Prometheus rule files, see {@link ShippedQueries}), so that a test can compare them with what the services really
 * export on {@code /actuator/prometheus}.
 *
 * <p>Names are returned as the expression writes them, in Prometheus form: {@code shopfloor_saga_started_total}, {@code
 * readmodel_projection_lag_seconds_bucket}. What is not a metric name is skipped: function and aggregation names
 * (anything followed by {@code (}), keywords ({@code and}, {@code or}, {@code unless}, {@code bool}, {@code offset},
 * {@code atan2}, {@code inf}, {@code nan}), the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring},
 * {@code group_left} and {@code group_right}, label matchers inside {@code {}}, ranges and subqueries inside {@code []},
 * numbers and durations, string literals, comments, and Grafana variables ({@code $__rate_interval}, {@code ${var}}).
 * A name given as a matcher, {@code {__name__="x"}} or Prometheus 3's quoted {@code {"x"}}, counts as a name; a regular
 * expression on {@code __name__} names none.
 *
 * <p>This is a scanner, not a parser: it does not validate the expression. On an invalid one it returns whatever it
 * recognised and never throws (an unterminated string or bracket ends the scan).
 */
public final class PromQlNames {

    /**
     * Series that Prometheus writes itself, which no service exports: {@code up} and the {@code scrape_*} series of
     * every target, {@code ALERTS} and {@code ALERTS_FOR_STATE} of its rules. {@link #shipped} leaves them out.
     */
    public static final Set<String> PROMETHEUS_OWN = Set.of(
            "up",
            "scrape_duration_seconds",
            "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling",
            "scrape_series_added",
            "ALERTS",
            "ALERTS_FOR_STATE");

    /** Followed by a parenthesised list of label names, not of expressions. */
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    /** Keywords and literals that look like names (PromQL reads them case-insensitively). */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    /** Aggregation operators, which may be followed by {@code by (...)} or {@code without (...)} before their {@code (}. */
    private static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");

    private static final String NAME_LABEL = "__name__";

    private PromQlNames() {}

    /**
     * The metric names {@code expression} refers to, sorted, each once.
     *
     * @param expression a PromQL expression, possibly with Grafana variables; {@code null} reads as empty
     * @return the names, possibly none (for {@code vector(1)}, say)
     */
    public static SortedSet<String> of(String expression) {
        SortedSet<String> names = new TreeSet<>();
        if (expression != null) {
            new Scanner(expression, names).scan();
        }
        return Collections.unmodifiableSortedSet(names);
    }

    /**
     * The metric names that Shopfloor's dashboards and rule files query, except {@link #PROMETHEUS_OWN}: the names the
     * services must export for every panel and rule to show data.
     *
     * @param repositoryRoot the root folder of a Shopfloor checkout (the one that holds {@code k8s/})
     * @return the names, sorted
     * @throws java.io.UncheckedIOException when a file cannot be read
     * @throws IllegalArgumentException when a dashboard or rule file does not parse, or none is found
     */
    public static SortedSet<String> shipped(Path repositoryRoot) {
        SortedSet<String> names = new TreeSet<>();
        shippedBySource(repositoryRoot).values().forEach(names::addAll);
        names.removeAll(PROMETHEUS_OWN);
        return Collections.unmodifiableSortedSet(names);
    }

    /**
     * Like {@link #shipped}, per file and with {@link #PROMETHEUS_OWN} included, for messages that say which dashboard
     * or rule file queries a name that is not exported.
     *
     * @param repositoryRoot the root folder of a Shopfloor checkout
     * @return file (relative to {@code repositoryRoot}) to the names its queries refer to, in file order
     */
    public static Map<Path, SortedSet<String>> shippedBySource(Path repositoryRoot) {
        Map<Path, SortedSet<String>> bySource = new LinkedHashMap<>();
        for (ShippedQueries.Query query : ShippedQueries.all(repositoryRoot)) {
            bySource.computeIfAbsent(repositoryRoot.relativize(query.source()), p -> new TreeSet<>())
                    .addAll(of(query.expression()));
        }
        return bySource;
    }

    private static final class Scanner {

        private final String text;
        private final SortedSet<String> names;
        private int position;

        Scanner(String text, SortedSet<String> names) {
            this.text = text;
            this.names = names;
        }

        void scan() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (Character.isWhitespace(c)) {
                    position++;
                } else if (c == '#') {
                    skipComment();
                } else if (isQuote(c)) {
                    readString();
                } else if (c == '{') {
                    readMatchers();
                } else if (c == '[') {
                    skipPast(']');
                } else if (c == '$') {
                    skipVariable();
                } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
                    skipNumber();
                } else if (isNameStart(c)) {
                    readWord();
                } else {
                    position++; // operators, parentheses, commas, @
                }
            }
        }

        private void readWord() {
            int start = position;
            while (position < text.length() && isNamePart(text.charAt(position))) {
                position++;
            }
            String word = text.substring(start, position);
            String keyword = word.toLowerCase(Locale.ROOT);
            int next = nextNonSpace(position);
            if (LABEL_LIST_KEYWORDS.contains(keyword)) {
                if (charAt(next) == '(') {
                    position = next;
                    skipPast(')');
                }
            } else if (KEYWORDS.contains(keyword) || charAt(next) == '(') {
                // a keyword, or a function or aggregation applied to what follows
            } else if (AGGREGATIONS.contains(word) && startsWithWord(next, "by", "without")) {
                // sum by (x) (...): the label list is skipped when the scan reaches it
            } else {
                names.add(word);
            }
        }

        /** {@code {label op "value", ...}}: only {@code __name__="x"} and a bare quoted name are names. */
        private void readMatchers() {
            position++; // {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == '}') {
                    position++;
                    return;
                }
                if (Character.isWhitespace(c) || c == ',') {
                    position++;
                } else if (isQuote(c) || isNameStart(c)) {
                    String label = isQuote(c) ? readString() : readLabel();
                    String operator = readOperator();
                    if (operator.isEmpty()) {
                        if (isQuote(c)) {
                            names.add(label); // {"metric.name", ...}
                        }
                    } else {
                        position = nextNonSpace(position);
                        String value = isQuote(charAt(position)) ? readString() : "";
                        if (label.equals(NAME_LABEL) && operator.equals("=")) {
                            names.add(value);
                        }
                    }
                } else if (c == '$') {
                    skipVariable();
                } else {
                    position++;
                }
            }
        }

        private String readLabel() {
            int start = position;
            while (position < text.length() && isNamePart(text.charAt(position))) {
                position++;
            }
            return text.substring(start, position);
        }

        /** One of {@code = != =~ !~} after optional spaces, or empty (the scan stays where it was). */
        private String readOperator() {
            int at = nextNonSpace(position);
            for (String operator : new String[] {"=~", "!~", "!=", "="}) {
                if (text.startsWith(operator, at)) {
                    position = at + operator.length();
                    return operator;
                }
            }
            return "";
        }

        /** A string literal ({@code "…"}, {@code '…'} with backslash escapes, or raw {@code `…`}), unescaped. */
        private String readString() {
            char quote = text.charAt(position++);
            StringBuilder value = new StringBuilder();
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == quote) {
                    return value.toString();
                }
                if (c == '\\' && quote != '`' && position < text.length()) {
                    c = text.charAt(position++);
                }
                value.append(c);
            }
            return value.toString();
        }

        private void skipPast(char close) {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (isQuote(c)) {
                    readString();
                } else {
                    position++;
                    if (c == close) {
                        return;
                    }
                }
            }
        }

        private void skipComment() {
            while (position < text.length() && text.charAt(position) != '\n') {
                position++;
            }
        }

        /** {@code $name}, {@code ${name}} or {@code ${name:format}}: Grafana fills them in before Prometheus sees it. */
        private void skipVariable() {
            position++; // $
            if (charAt(position) == '{') {
                skipPast('}');
            } else {
                while (position < text.length() && isNamePart(text.charAt(position))) {
                    position++;
                }
            }
        }

        /** Numbers ({@code 0.99}, {@code 1e3}, {@code 0x1F}) and durations ({@code 5m}, {@code 1h30m}). */
        private void skipNumber() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_')) {
                    return;
                }
                position++;
            }
        }

        private boolean startsWithWord(int at, String... words) {
            for (String word : words) {
                if (text.regionMatches(true, at, word, 0, word.length()) && !isNamePart(charAt(at + word.length()))) {
                    return true;
                }
            }
            return false;
        }

        private int nextNonSpace(int from) {
            int at = from;
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at;
        }

        private char charAt(int at) {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private char peek(int ahead) {
            return charAt(position + ahead);
        }

        private static boolean isQuote(char c) {
            return c == '"' || c == '\'' || c == '`';
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isNameStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        }

        private static boolean isNamePart(char c) {
            return isNameStart(c) || isDigit(c);
        }
    }
}
