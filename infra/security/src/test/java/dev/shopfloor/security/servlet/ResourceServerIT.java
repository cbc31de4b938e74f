package dev.shopfloor.security.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.security.Caller;
import dev.shopfloor.testing.auth.AuthServerProcess;
import dev.shopfloor.testing.auth.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A servlet app with the platform's resource-server configuration, judged with real tokens of the real auth server:
 * which tokens pass, which get 401 or 403, what the problem and the challenge say, and who the {@link Caller} is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ResourceServerIT.App.class)
class ResourceServerIT {

    @SpringBootApplication
    static class App {

        /** Like every service's own advice: anything unexpected is a 500. */
        @org.springframework.web.bind.annotation.RestControllerAdvice
        static class CatchAll {

            @org.springframework.web.bind.annotation.ExceptionHandler(Exception.class)
            org.springframework.http.ResponseEntity<String> unexpected() {
                return org.springframework.http.ResponseEntity.internalServerError()
                        .body("{}");
            }
        }

        @RestController
        static class Orders {

            @GetMapping("/api/orders/{id}")
            Map<String, Object> order(@PathVariable String id, Caller caller) {
                return Map.of(
                        "id", id,
                        "subject", caller.subject(),
                        "customer", caller.customerId().orElse("-"));
            }

            @PostMapping("/api/orders")
            Map<String, Object> place(
                    @org.springframework.web.bind.annotation.RequestHeader(name = "Idempotency-Key", required = false)
                            String key) {
                return Map.of("placed", true);
            }

            @GetMapping("/admin/things")
            Map<String, Object> admin() {
                return Map.of("admin", true);
            }
        }
    }

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                () -> AuthServerProcess.get().issuer());
        registry.add("shopfloor.security.clock-skew", () -> "0s");
    }

    @LocalServerPort
    int port;

    private final Tokens tokens = AuthServerProcess.get().tokens();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aTokenWithTheScopePasses() throws Exception {
        HttpResponse<String> response = get("/api/orders/7", "Bearer " + tokens.service("orders:read"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"subject\":\"shopfloor-cli\"", "\"customer\":\"-\"");
    }

    @Test
    void noTokenIs401WithAChallengeAndAProblem() throws Exception {
        HttpResponse<String> response = get("/api/orders/7", null);
        assertUnauthorized(response);
        // RFC 6750 §3: no error code when no token was sent (Spring Security adds RFC 9728's resource_metadata)
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer")
                .doesNotContain("error=");
        assertThat(response.body()).contains("a bearer access token is required");
    }

    @Test
    void aMalformedTokenIs401() throws Exception {
        HttpResponse<String> response = get("/api/orders/7", "Bearer not.a.jwt");
        assertUnauthorized(response);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"");
    }

    @Test
    void aTamperedSignatureIs401() throws Exception {
        String token = tokens.service("orders:read");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertUnauthorized(get("/api/orders/7", "Bearer " + tampered));
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        HttpResponse<String> response = get("/api/orders/7", "Bearer " + tokens.expired(Duration.ZERO));
        assertUnauthorized(response);
        assertThat(response.body()).contains("expired");
    }

    @Test
    void anIdTokenHasTheWrongAudienceAndIs401() throws Exception {
        // signed by the same issuer and unexpired, but its audience is the web client, not the API
        assertUnauthorized(get("/api/orders/7", "Bearer " + tokens.user("alice").idToken()));
    }

    @Test
    void aValidTokenWithoutTheScopeIs403NamingTheScope() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/orders"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + tokens.service("orders:read")));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"");
        assertThat(response.body())
                .contains("\"status\":403", "https://shopfloor.dev/problems/forbidden", "orders:write");
    }

    @Test
    void aCustomersTokenNamesTheCustomer() throws Exception {
        HttpResponse<String> response =
                get("/api/orders/7", "Bearer " + tokens.user("alice").accessToken());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"subject\":\"alice\"", "\"customer\":\"alice\"");
    }

    @Test
    void adminPathsNeedAPlatformToken() throws Exception {
        assertThat(get("/admin/things", "Bearer " + tokens.user("alice").accessToken())
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/admin/things", "Bearer " + tokens.service("orders:read"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/admin/things", null).statusCode()).isEqualTo(401);
    }

    @Test
    void actuatorStaysOpenOnTheServicesOwnPort() throws Exception {
        // no actuator on this app's classpath: the path is let through security and answered 404, not 401
        assertThat(get("/actuator/health", null).statusCode()).isNotEqualTo(401);
    }

    @Test
    void actuatorWritesNeedAPlatformToken() throws Exception {
        // e.g. POST /actuator/readmodel, which starts a rebuild of the read model
        assertThat(postActuator(null).statusCode()).isEqualTo(401);
        assertThat(postActuator("Bearer " + tokens.user("alice").accessToken()).statusCode())
                .isEqualTo(403);
        // let through security (no actuator on this app's classpath: 404)
        assertThat(postActuator("Bearer " + tokens.service("orders:read")).statusCode())
                .isNotIn(401, 403);
    }

    private HttpResponse<String> postActuator(String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri("/actuator/readmodel")).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    @Test
    void aHeaderValueTheFirewallRefusesIs400NotA500() throws Exception {
        // an Idempotency-Key in UTF-8 (Cyrillic and an emoji): Spring Security's firewall refuses such header values
        String raw = "POST /api/orders HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + tokens.service("orders:write") + "\r\nIdempotency-Key: ключ-😀\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("application/problem+json", "https://shopfloor.dev/problems/rejected-request");
        }
    }

    private void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer");
        assertThat(response.body())
                .contains("\"status\":401", "https://shopfloor.dev/problems/unauthorized", "/api/orders/7");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
