package dev.shopfloor.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthServerIT {

    @TempDir
    static Path keys;

    @DynamicPropertySource
    static void keyFile(DynamicPropertyRegistry registry) {
        registry.add(
                "shopfloor.auth.key-file",
                () -> keys.resolve("signing-key.json").toString());
    }

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void issuesAServiceTokenWithAllScopesForTheAudienceAndNoCustomer() throws Exception {
        HttpResponse<String> response = token(
                "shopfloor-cli:shopfloor-secret",
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "orders:read orders:write catalog:write inventory:write payments:write"));

        assertThat(response.statusCode()).isEqualTo(200);
        Jwt jwt = decode(json.readTree(response.body()).get("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo("shopfloor-cli");
        assertThat(jwt.getAudience()).containsExactly("shopfloor-api");
        assertThat(jwt.getClaimAsStringList("scope"))
                .containsExactlyInAnyOrder(
                        "orders:read", "orders:write", "catalog:write", "inventory:write", "payments:write");
        assertThat(jwt.hasClaim(AuthServerConfiguration.CUSTOMER_ID_CLAIM)).isFalse();
    }

    @Test
    void refusesAScopeTheClientDoesNotHave() throws Exception {
        HttpResponse<String> response = token(
                "shopfloor-cli:shopfloor-secret", Map.of("grant_type", "client_credentials", "scope", "admin:all"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("error").asString()).isEqualTo("invalid_scope");
    }

    @Test
    void refusesAWrongClientSecret() throws Exception {
        HttpResponse<String> response = token("shopfloor-cli:wrong", Map.of("grant_type", "client_credentials"));
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void signsInACustomerWithPkceAndNamesTheCustomerInTheToken() throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String redirect = "http://127.0.0.1:3000/callback";
        String authorize = url("/oauth2/authorize?"
                + form(Map.of(
                        "response_type", "code",
                        "client_id", "shopfloor-web",
                        "scope", "openid orders:read orders:write",
                        "redirect_uri", redirect,
                        "code_challenge", challenge,
                        "code_challenge_method", "S256",
                        "state", "xyz")));

        assertThat(get(authorize).headers().firstValue("Location").orElseThrow())
                .endsWith("/login");
        String loginPage = get(url("/login")).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).as("login page has a CSRF token").isTrue();
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                form(Map.of("username", "alice", "password", "password", "_csrf", csrf.group(1)))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String afterLogin = login.headers().firstValue("Location").orElseThrow();
        String callback = get(afterLogin.startsWith("http") ? afterLogin : url(afterLogin))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        assertThat(callback).startsWith(redirect).contains("state=xyz");
        String code = URI.create(callback).getQuery().replaceAll(".*code=([^&]+).*", "$1");

        HttpResponse<String> response = token(
                null,
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        "shopfloor-web",
                        "code",
                        java.net.URLDecoder.decode(code, StandardCharsets.UTF_8),
                        "redirect_uri",
                        redirect,
                        "code_verifier",
                        verifier));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Jwt jwt = decode(json.readTree(response.body()).get("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo("alice");
        assertThat(jwt.getClaimAsString(AuthServerConfiguration.CUSTOMER_ID_CLAIM))
                .isEqualTo("alice");
        assertThat(jwt.getAudience()).containsExactly("shopfloor-api");
        assertThat(jwt.getClaimAsStringList("scope")).contains("orders:read", "orders:write");
    }

    @Test
    void publishesTheSigningKeyAtTheJwksEndpoint() throws Exception {
        JsonNode jwks = json.readTree(get(url("/oauth2/jwks")).body());
        assertThat(jwks.get("keys").size()).isEqualTo(1);
        assertThat(jwks.get("keys").get(0).get("kty").asString()).isEqualTo("RSA");
        assertThat(jwks.get("keys").get(0).has("d"))
                .as("no private part published")
                .isFalse();
        assertThat(jwks.get("keys").get(0).get("kid").asString())
                .isEqualTo(SigningKey.loadOrCreate(keys.resolve("signing-key.json"))
                        .getKeyID());
    }

    @Test
    void leavesHealthProbesOpenButTheOtherActuatorEndpointsBehindTheLogin() throws Exception {
        HttpResponse<String> readiness = http.send(
                HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("UP");
        assertThat(get(url("/actuator/prometheus")).statusCode()).isEqualTo(302);
    }

    private Jwt decode(String token) {
        return NimbusJwtDecoder.withJwkSetUri(url("/oauth2/jwks")).build().decode(token);
    }

    private HttpResponse<String> token(String basic, Map<String, String> form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (basic != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        // as a browser asks: an HTML request is sent to the login page, an API request gets 401
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
