package dev.shopfloor.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import java.util.Set;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The parts of the authorization server the platform decides: the persisted signing key, the demo users, and what
 * every access token says beyond the standard claims ({@code aud}, and {@code customer_id} for a customer).
 * Clients are registered in {@code application.yml} (Spring Boot's {@code spring.security.oauth2.authorizationserver}
 * properties).
 */
@Configuration(proxyBeanMethods = false)
class AuthServerConfiguration {

    /** The claim that names the customer a token acts for; absent on service and admin tokens. */
    static final String CUSTOMER_ID_CLAIM = "customer_id";

    /**
     * The authorization server's own endpoints (token, authorize, JWKS, OpenID Connect discovery and userinfo), as
     * Spring Boot would configure them; browsers that are not signed in are sent to the login page.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher())
                        .with(server, config -> config.oidc(Customizer.withDefaults())))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), browsers()));
        return http.build();
    }

    /**
     * Everything else: health and info probes open (Kubernetes and the local runner call them without a session),
     * the other actuator endpoints and pages behind the login form. (Declaring the two chains here replaces Spring
     * Boot's defaults, which put the probes behind the login page too.)
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 5)
    SecurityFilterChain loginAndProbes(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(EndpointRequest.to("health", "info"))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    private static RequestMatcher browsers() {
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return html;
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(AuthServerProperties properties) {
        RSAKey key = SigningKey.loadOrCreate(properties.keyFile());
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    UserDetailsService users(AuthServerProperties properties) {
        List<org.springframework.security.core.userdetails.UserDetails> users = properties.users().stream()
                .map(user -> User.withUsername(user.username())
                        .password(user.password())
                        .roles(user.roles().toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(AuthServerProperties properties) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            context.getClaims().audience(List.of(properties.audience()));
            String username = context.getPrincipal().getName();
            boolean isUser = context.getPrincipal().getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .anyMatch(authority -> authority.startsWith("ROLE_"));
            if (isUser) {
                properties.users().stream()
                        .filter(user -> user.username().equals(username) && user.customerId() != null)
                        .findFirst()
                        .ifPresent(user -> context.getClaims().claim(CUSTOMER_ID_CLAIM, user.customerId()));
            }
        };
    }
}
