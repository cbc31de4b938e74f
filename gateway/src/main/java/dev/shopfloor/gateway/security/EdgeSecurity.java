package dev.shopfloor.gateway.security;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import dev.shopfloor.security.ApiAccess;
import dev.shopfloor.security.PlatformTokens;
import dev.shopfloor.security.ProblemJson;
import dev.shopfloor.security.SecurityProperties;
import dev.shopfloor.security.observation.UntracedPaths;
import io.micrometer.observation.ObservationPredicate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The gateway as an OAuth2 resource server (DESIGN.md §7): every {@code /api/**} request needs a bearer JWT of the
 * issuer {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (any OpenID Connect provider: only the issuer URI
 * is configured, keys come from its discovery document) that passes {@link PlatformTokens#validator} (signature,
 * issuer, expiry, audience) and carries the scope {@link ApiAccess#RULES} name for the route. The token is relayed
 * unchanged to the service, which judges it again.
 *
 * <p>Answers: {@code 401} without a token or with an invalid, expired, foreign or wrong-audience one; {@code 403} with a
 * valid token that lacks the scope. Both are {@code application/problem+json} with the RFC 6750 {@code
 * WWW-Authenticate} challenge, and both come before rate limiting and routing, so an anonymous caller costs no bucket
 * and learns nothing about routes. Paths outside {@code /api} pass to routing, which answers {@code 404}; actuator
 * endpoints live on the separate management port ({@code management.server.port}).
 *
 * <p>CORS: browsers may call the API only from {@code shopfloor.gateway.cors.allowed-origins}; none by default.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecurityProperties.class)
class EdgeSecurity {

    /** No traces or HTTP metrics for probes and scrapes of the management port ({@link UntracedPaths}). */
    @Bean
    ObservationPredicate untracedPaths() {
        return UntracedPaths.reactive();
    }

    @Bean
    ReactiveJwtDecoder platformJwtDecoder(
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
            SecurityProperties properties) {
        if (issuer.isBlank()) {
            throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.issuer-uri is not set: the"
                    + " gateway cannot judge access tokens (local default: http://localhost:9000)");
        }
        // The issuer's discovery document and keys are fetched on the first request, so the gateway starts while the
        // issuer is still down (requests in the meantime get 401).
        return new SupplierReactiveJwtDecoder(() -> {
            NimbusReactiveJwtDecoder decoder =
                    NimbusReactiveJwtDecoder.withIssuerLocation(issuer).build();
            decoder.setJwtValidator(PlatformTokens.validator(issuer, properties));
            return decoder;
        });
    }

    @Bean
    SecurityWebFilterChain edge(
            ServerHttpSecurity http, ReactiveJwtDecoder decoder, ShopfloorGatewayProperties gateway) {
        ServerAuthenticationEntryPoint unauthorized = new ProblemEntryPoint();
        ServerAccessDeniedHandler forbidden = new ProblemAccessDenied();
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .cors(cors -> cors.configurationSource(cors(gateway.cors())))
                .authorizeExchange(exchanges -> {
                    for (ApiAccess.Rule rule : ApiAccess.RULES) {
                        exchanges.pathMatchers(rule.method(), rule.pattern()).hasAuthority(rule.authority());
                    }
                    exchanges.pathMatchers("/api", "/api/**").authenticated();
                    exchanges.anyExchange().permitAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(decoder))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .build();
    }

    /**
     * Spring Security's firewall refuses requests whose path could be read differently by the services behind (encoded
     * slashes, {@code ..} and {@code ;} segments, unusual characters) before any route or token is looked at: {@code
     * 400} problem, and nothing is forwarded. ({@code PathGuard} keeps the same promise for the routes themselves.)
     */
    @Bean
    ServerExchangeRejectedHandler rejectedAsProblem() {
        return (exchange, rejected) -> {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            String path = exchange.getRequest().getURI().getRawPath();
            return write(
                    response,
                    ProblemJson.of(
                            400,
                            "rejected-request",
                            "Rejected request",
                            "the request path is not accepted: it could name another resource behind the gateway",
                            path));
        };
    }

    static CorsConfigurationSource cors(ShopfloorGatewayProperties.Cors settings) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (settings.allowedOrigins().isEmpty()) {
            return source; // no configuration: cross-origin requests are refused
        }
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(settings.allowedOrigins());
        api.setAllowedMethods(List.of("GET", "POST", "PUT"));
        api.setAllowedHeaders(
                List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, "Idempotency-Key"));
        api.setExposedHeaders(List.of(
                HttpHeaders.LOCATION,
                HttpHeaders.RETRY_AFTER,
                HttpHeaders.WWW_AUTHENTICATE,
                "X-Served-By",
                "X-RateLimit-Remaining",
                "X-RateLimit-Replenish-Rate",
                "X-RateLimit-Burst-Capacity"));
        api.setAllowCredentials(false); // bearer tokens, no cookies
        api.setMaxAge(settings.maxAge());
        source.registerCorsConfiguration("/api/**", api);
        return source;
    }

    /**
     * {@code 401} problem with the RFC 6750 §3 challenge: just {@code Bearer} when no token was sent, else {@code
     * error="invalid_token"} and a description. (Spring Security's own entry point completes the response, so the
     * challenge is written here with the body.)
     */
    static final class ProblemEntryPoint implements ServerAuthenticationEntryPoint {

        @Override
        public Mono<Void> commence(
                ServerWebExchange exchange, org.springframework.security.core.AuthenticationException error) {
            ServerHttpRequest request = exchange.getRequest();
            boolean present = request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
            String reason = error instanceof OAuth2AuthenticationException oauth
                    ? oauth.getError().getDescription()
                    : error.getMessage();
            String challenge = present
                    ? "Bearer error=\"invalid_token\", error_description=\"" + quotable(reason) + "\""
                    : "Bearer";
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
            return write(
                    response,
                    ProblemJson.unauthorized(
                            ProblemJson.unauthorizedDetail(present, reason),
                            request.getURI().getRawPath()));
        }
    }

    /** {@code 403} problem naming the missing scope, with the RFC 6750 {@code insufficient_scope} challenge. */
    static final class ProblemAccessDenied implements ServerAccessDeniedHandler {

        @Override
        public Mono<Void> handle(
                ServerWebExchange exchange, org.springframework.security.access.AccessDeniedException error) {
            ServerHttpRequest request = exchange.getRequest();
            String path = request.getURI().getRawPath();
            String method = request.getMethod().name();
            StringBuilder challenge = new StringBuilder("Bearer error=\"insufficient_scope\"");
            ApiAccess.requiredScope(method, path)
                    .ifPresent(scope ->
                            challenge.append(", scope=\"").append(scope).append('"'));
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
            return write(response, ProblemJson.forbidden(ProblemJson.forbiddenDetail(method, path), path));
        }
    }

    /** A description fit for a quoted-string of the challenge (RFC 6750 §3: printable ASCII, no quote, no backslash). */
    private static String quotable(String text) {
        if (text == null) {
            return "invalid token";
        }
        return text.chars()
                .filter(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    private static Mono<Void> write(ServerHttpResponse response, String problem) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = problem.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
