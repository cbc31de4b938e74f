package dev.shopfloor.gateway.security;

import dev.shopfloor.gateway.config.ShopfloorGatewayProperties;
import dev.shopfloor.security.ProblemJson;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request body larger than {@code shopfloor.gateway.max-request-body} before any token check, rate limit or
 * service sees it: {@code 413} problem {@code payload-too-large} (RFC 9110 §15.5.14), judged from its {@code
 * Content-Length}. A body streamed without a length ({@code Transfer-Encoding: chunked}) cannot be judged up front and
 * is refused with {@code 411} problem {@code length-required} (RFC 9110 §15.5.12): the API's bodies are small JSON
 * documents. Without this a client could send a body no service can hold (a 40 MB order ran order-service out of
 * heap).
 */
@Component
class RequestSizeLimit implements WebFilter, Ordered {

    private final long maxBytes;

    RequestSizeLimit(ShopfloorGatewayProperties properties) {
        this.maxBytes = properties.maxRequestBody().toBytes();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10; // before Spring Security's filter chain (order -100)
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long announced = request.getHeaders().getContentLength();
        if (announced > maxBytes) {
            return refuse(
                    exchange.getResponse(),
                    HttpStatus.CONTENT_TOO_LARGE,
                    "payload-too-large",
                    "Content Too Large",
                    "the request body is larger than " + maxBytes + " bytes, the most the API accepts",
                    request.getURI().getRawPath());
        }
        if (announced < 0 && request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            // a streamed body of unknown size: the API's bodies are small JSON documents, sent with their length
            return refuse(
                    exchange.getResponse(),
                    HttpStatus.LENGTH_REQUIRED,
                    "length-required",
                    "Length Required",
                    "send the request body with a Content-Length (at most " + maxBytes + " bytes)",
                    request.getURI().getRawPath());
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> refuse(
            ServerHttpResponse response, HttpStatus status, String slug, String title, String detail, String path) {
        byte[] body = ProblemJson.of(status.value(), slug, title, detail, path).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
