package dev.shopfloor.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

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
