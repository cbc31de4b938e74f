package dev.shopfloor.gateway.security;

import java.net.InetSocketAddress;
import java.security.Principal;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who is calling, as one string: {@code sub:<subject>} for a request with a valid access token (the token's
 * {@code sub} claim, as {@link EdgeSecurity} authenticated it), else {@code ip:<client address>}. Rate limits and the
 * strangler's sticky split are kept per caller key. Behind {@code /api} every request is authenticated, so there the key
 * is always the subject, whatever address or connection the caller uses.
 */
public final class CallerKey {

    private CallerKey() {}

    /** The caller key of {@code exchange}; never empty ({@code ip:unknown} when not even the address is known). */
    public static Mono<String> of(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String address = remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
        return exchange.getPrincipal()
                .map(Principal::getName)
                .map(subject -> "sub:" + subject)
                .defaultIfEmpty("ip:" + address);
    }
}
