package dev.shopfloor.security.servlet;

import dev.shopfloor.security.ApiAccess;
import dev.shopfloor.security.Caller;
import dev.shopfloor.security.PlatformTokens;
import dev.shopfloor.security.ProblemJson;
import dev.shopfloor.security.SecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Makes a servlet service an OAuth2 resource server of the platform (DESIGN.md §7, "services validate the token
 * again"): every {@code /api/**} request needs a bearer JWT of the issuer {@code
 * spring.security.oauth2.resourceserver.jwt.issuer-uri} that passes {@link PlatformTokens#validator} and carries the
 * scope {@link ApiAccess} names for the route; {@code /admin/**} needs a platform token (not a customer's); actuator
 * and OpenAPI paths stay open on the service's own port, which only the cluster reaches.
 *
 * <p>Answers: {@code 401} (no token, or an invalid, expired, foreign or wrong-audience one) and {@code 403} (valid
 * token without the scope), both {@code application/problem+json} with the {@code WWW-Authenticate} challenge of RFC
 * 6750 §3. Controllers take a {@link Caller} parameter to apply per-customer access.
 *
 * <p>The issuer's keys are fetched on the first request, not at start-up, so a service starts while the issuer is
 * still down; requests in the meantime are answered {@code 401}.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
public class ServletResourceServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder platformJwtDecoder(
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
            SecurityProperties properties) {
        if (issuer.isBlank()) {
            throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.issuer-uri is not set: the"
                    + " service cannot judge access tokens (local default: http://localhost:9000)");
        }
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder =
                    NimbusJwtDecoder.withIssuerLocation(issuer).build();
            decoder.setJwtValidator(PlatformTokens.validator(issuer, properties));
            return decoder;
        });
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain platformResourceServer(HttpSecurity http, JwtDecoder decoder, SecurityProperties properties)
            throws Exception {
        AuthenticationEntryPoint unauthorized = new ProblemEntryPoint();
        AccessDeniedHandler forbidden = new ProblemAccessDenied();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    // Actuator reads (probes, scrapes, status) are open on the service's own port; its writes (a
                    // read model rebuild, say) take a platform token, as /admin does.
                    requests.requestMatchers(HttpMethod.GET, ApiAccess.ACTUATOR).permitAll();
                    requests.requestMatchers(ApiAccess.ACTUATOR)
                            .access((authentication, context) ->
                                    new AuthorizationDecision(isPlatform(authentication.get(), properties)));
                    requests.requestMatchers(ApiAccess.SERVICE_PUBLIC_PATHS.toArray(String[]::new))
                            .permitAll();
                    for (ApiAccess.Rule rule : ApiAccess.RULES) {
                        requests.requestMatchers(rule.method(), rule.pattern()).hasAuthority(rule.authority());
                    }
                    requests.requestMatchers("/admin/**")
                            .access((authentication, context) ->
                                    new AuthorizationDecision(isPlatform(authentication.get(), properties)));
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    /**
     * Spring Security's firewall refuses requests it cannot read safely (a header value outside ISO-8859-1 printable
     * characters, an encoded slash or {@code ..} in the path, ...) before any controller; by default that surfaces as a
     * {@code 500}. It is the client's request that is wrong: {@code 400} problem {@code rejected-request}.
     */
    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler rejectedRequestAsProblem() {
        return (request, response, rejected) -> {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            write(
                    response,
                    ProblemJson.of(
                            400,
                            "rejected-request",
                            "Rejected request",
                            RejectedRequestAdvice.REJECTED_DETAIL,
                            request.getRequestURI()));
        };
    }

    @Bean
    RejectedRequestAdvice rejectedRequestAdvice() {
        return new RejectedRequestAdvice();
    }

    @Bean
    WebMvcConfigurer callerArgument(SecurityProperties properties) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerResolver(properties));
            }
        };
    }

    private static boolean isPlatform(Authentication authentication, SecurityProperties properties) {
        return authentication instanceof JwtAuthenticationToken token
                && !PlatformTokens.caller(token.getToken(), properties).isCustomer();
    }

    /** {@code 401} problem with the RFC 6750 challenge set by Spring Security's own entry point. */
    static final class ProblemEntryPoint implements AuthenticationEntryPoint {

        private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();

        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException error)
                throws IOException {
            challenge.commence(request, response, error);
            String header = request.getHeader("Authorization");
            boolean present = header != null && !header.isBlank();
            String reason = error instanceof OAuth2AuthenticationException oauth
                    ? oauth.getError().getDescription()
                    : error.getMessage();
            write(
                    response,
                    ProblemJson.unauthorized(ProblemJson.unauthorizedDetail(present, reason), request.getRequestURI()));
        }
    }

    /** {@code 403} problem naming the missing scope, with the RFC 6750 {@code insufficient_scope} challenge. */
    static final class ProblemAccessDenied implements AccessDeniedHandler {

        private final BearerTokenAccessDeniedHandler challenge = new BearerTokenAccessDeniedHandler();

        @Override
        public void handle(
                HttpServletRequest request,
                HttpServletResponse response,
                org.springframework.security.access.AccessDeniedException error)
                throws IOException {
            challenge.handle(request, response, error);
            write(
                    response,
                    ProblemJson.forbidden(
                            ProblemJson.forbiddenDetail(request.getMethod(), request.getRequestURI()),
                            request.getRequestURI()));
        }
    }

    private static void write(HttpServletResponse response, String problem) throws IOException {
        // JSON is UTF-8 by definition (RFC 8259 §8.1): no charset parameter, as Spring MVC's own problems
        response.setContentType(ProblemJson.CONTENT_TYPE);
        response.getOutputStream().write(problem.getBytes(StandardCharsets.UTF_8));
    }

    /** Resolves a {@link Caller} controller parameter from the authenticated token. */
    record CallerResolver(SecurityProperties properties) implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType().equals(Caller.class);
        }

        @Override
        public Caller resolveArgument(
                MethodParameter parameter,
                ModelAndViewContainer container,
                NativeWebRequest request,
                WebDataBinderFactory binders) {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
                return PlatformTokens.caller(jwt, properties);
            }
            throw new IllegalStateException("no access token on a route that needs one: check ApiAccess.RULES");
        }
    }
}
