package dev.shopfloor.order.placement.inventory;

import java.io.IOException;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.web.client.ResourceAccessException;

/**
 * order-service calls inventory-service in its own name, not the caller's: an OAuth2 client-credentials token (RFC
 * 6749 §4.4) of the registration {@value #REGISTRATION} ({@code spring.security.oauth2.client.registration.inventory},
 * scope {@code orders:read}), fetched once and renewed before it expires by Spring Security's authorized-client
 * manager, is added to every request of the service's {@code RestClient}s. So placing an order needs only
 * {@code orders:write} from the caller, and inventory-service sees which service reads its catalog.
 *
 * <p>When no token can be had (the issuer is down or refuses), the call fails like an unreachable inventory-service
 * ({@link ResourceAccessException}), which the client turns into {@code 503 inventory-unavailable}.
 */
@Configuration(proxyBeanMethods = false)
class InventoryClientCredentials {

    static final String REGISTRATION = "inventory";

    @Bean
    OAuth2AuthorizedClientManager serviceTokens(
            ClientRegistrationRepository registrations, OAuth2AuthorizedClientService clients) {
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials()
                .build());
        return manager;
    }

    @Bean
    RestClientCustomizer inventoryServiceToken(OAuth2AuthorizedClientManager serviceTokens) {
        OAuth2ClientHttpRequestInterceptor bearer = new OAuth2ClientHttpRequestInterceptor(serviceTokens);
        bearer.setClientRegistrationIdResolver(request -> REGISTRATION);
        // one token for the service, whoever the caller is
        AnonymousAuthenticationToken service = new AnonymousAuthenticationToken(
                "order-service", "order-service", AuthorityUtils.createAuthorityList("ROLE_SERVICE"));
        bearer.setPrincipalResolver(request -> service);
        return builder -> builder.requestInterceptor((request, body, execution) -> {
            try {
                return bearer.intercept(request, body, execution);
            } catch (OAuth2AuthorizationException e) {
                throw new ResourceAccessException(
                        "no access token for inventory-service: " + e.getError().getErrorCode(),
                        new IOException(e.getMessage(), e));
            }
        });
    }
}
