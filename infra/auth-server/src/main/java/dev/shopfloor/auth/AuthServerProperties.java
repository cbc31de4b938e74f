package dev.shopfloor.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the auth server, prefix {@code shopfloor.auth}.
 *
 * @param keyFile where the RSA signing key (a JWK, private part included) is kept; created on first start. Keeping
 *     it means tokens issued before a restart stay valid. Treat the file as a secret.
 * @param audience the {@code aud} claim of every access token; resource servers require it
 * @param users the demo users who sign in with a password (local and workshop use only)
 */
@Validated
@ConfigurationProperties("shopfloor.auth")
public record AuthServerProperties(
        @NotNull Path keyFile,
        @DefaultValue("shopfloor-api") @NotBlank String audience,
        @Valid List<User> users) {

    public AuthServerProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * A demo user.
     *
     * @param username the login name, and the token subject
     * @param password the password, encoded ({@code {bcrypt}...})
     * @param customerId when set, the user is that customer: the token carries {@code customer_id} and the platform
     *     shows the user only that customer's orders, account and sagas
     * @param roles Spring Security roles, e.g. {@code CUSTOMER}, {@code ADMIN}
     */
    public record User(@NotBlank String username, @NotBlank String password, String customerId, List<String> roles) {

        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
