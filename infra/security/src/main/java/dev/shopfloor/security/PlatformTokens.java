package dev.shopfloor.security;

import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * What makes a JWT an access token of this platform, shared by the gateway and every service (defence in depth: each
 * judges the token again): the signature by a key of the issuer's JWK set (checked by the decoder), then
 *
 * <ul>
 *   <li>{@code iss} equal to the configured issuer (RFC 7519 §4.1.1; OpenID Connect Discovery §4.3);
 *   <li>{@code exp} / {@code nbf} within the clock skew (RFC 7519 §4.1.4–4.1.5);
 *   <li>{@code aud} containing the platform's audience (RFC 7519 §4.1.3; RFC 9068 §4 for JWT access tokens), so a
 *       token minted for another API, or an ID token (whose audience is the client), is refused.
 * </ul>
 *
 * A token failing any of them is answered {@code 401} with {@code WWW-Authenticate: Bearer error="invalid_token"}
 * (RFC 6750 §3.1).
 */
public final class PlatformTokens {

    private PlatformTokens() {}

    /** The validators above for tokens of {@code issuer}. */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, SecurityProperties properties) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(
                        JwtClaimNames.AUD, audience -> audience != null && audience.contains(properties.audience()))));
    }

    /** Who the token speaks for (see {@link Caller}). */
    public static Caller caller(Jwt jwt, SecurityProperties properties) {
        String customer = jwt.getClaimAsString(properties.customerClaim());
        return customer == null || customer.isBlank()
                ? Caller.platform(jwt.getSubject())
                : Caller.customer(jwt.getSubject(), customer);
    }
}
