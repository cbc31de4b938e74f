package dev.shopfloor.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the platform judges access tokens, prefix {@code shopfloor.security}. The issuer itself is Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (the only setting that differs between the local auth
 * server, Keycloak or another OpenID Connect provider).
 *
 * @param audience the value the token's {@code aud} claim must contain (RFC 7519 §4.1.3); tokens for other APIs, and
 *     OpenID Connect ID tokens, are refused with 401
 * @param clockSkew how far {@code exp} and {@code nbf} may be off from this machine's clock (RFC 7519 §4.1.4)
 * @param customerClaim the claim naming the customer a token acts for; a token without it acts for the platform
 *     (scripts, back office) and may address any customer
 */
@Validated
@ConfigurationProperties("shopfloor.security")
public record SecurityProperties(
        @DefaultValue("shopfloor-api") @NotBlank String audience,
        @DefaultValue("30s") @NotNull Duration clockSkew,
        @DefaultValue("customer_id") @NotBlank String customerClaim) {}
