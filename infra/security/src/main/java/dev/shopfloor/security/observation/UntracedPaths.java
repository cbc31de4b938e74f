package dev.shopfloor.security.observation;

import io.micrometer.observation.ObservationPredicate;

/**
 * Leaves the platform's own plumbing out of traces and HTTP metrics: requests to {@code /actuator/**} (Kubernetes
 * probes every few seconds, Prometheus scrapes) would otherwise each be a trace of their own, at the sampling rate of
 * real traffic, and crowd out the orders in a trace store. Other observations (Kafka, JDBC, the services' own
 * requests) are untouched.
 */
public final class UntracedPaths {

    /** The path prefix of Spring Boot's actuator on every service (and on the gateway's management port). */
    public static final String ACTUATOR = "/actuator";

    private UntracedPaths() {}

    /**
     * Whether {@code path}, a request path without query string, is plumbing that is not observed.
     *
     * @param path e.g. {@code /actuator/health/readiness}
     */
    public static boolean isUntraced(String path) {
        return path != null && (path.equals(ACTUATOR) || path.startsWith(ACTUATOR + "/"));
    }

    /** A predicate for reactive servers (the gateway): false (not observed) for a request to an untraced path. */
    public static ObservationPredicate reactive() {
        return (name, context) -> !(context
                        instanceof
                        org.springframework.http.server.reactive.observation.ServerRequestObservationContext server
                && server.getCarrier() != null
                && isUntraced(server.getCarrier().getPath().value()));
    }

    /** A predicate for servlet services: false (not observed) for a server request to an untraced path. */
    public static ObservationPredicate servlet() {
        return (name, context) ->
                !(context instanceof org.springframework.http.server.observation.ServerRequestObservationContext server
                        && server.getCarrier() != null
                        && isUntraced(server.getCarrier().getRequestURI()));
    }
}
