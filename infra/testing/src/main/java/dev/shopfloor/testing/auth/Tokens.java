package dev.shopfloor.testing.auth;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Gets real access tokens from a Shopfloor auth server (or any Spring Authorization Server set up like it) the way
 * clients do: client credentials for services and scripts (RFC 6749 §4.4), and authorization code with PKCE (RFC 7636)
 * for a demo user who signs in on the login form. Used by tests, the demo and the benchmarks.
 *
 * <p>Every method throws {@link IllegalStateException} when the server refuses (with its status and answer).
 */
public final class Tokens {

    /** The confidential client of scripts and workshops (DESIGN.md §7). */
    public static final String CLI_CLIENT = "shopfloor-cli";

    public static final String CLI_SECRET = "shopfloor-secret";

    /** The public client of browsers and apps (authorization code + PKCE). */
    public static final String WEB_CLIENT = "shopfloor-web";

    public static final String WEB_REDIRECT = "http://127.0.0.1:3000/callback";

    /** Every scope of DESIGN.md §7. */
    public static final String[] ALL_SCOPES = {
        "orders:read", "orders:write", "catalog:write", "inventory:write", "payments:write"
    };

    /** The demo users' password (local use only). */
    public static final String DEMO_PASSWORD = "password";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID_TOKEN = Pattern.compile("\"id_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final URI issuer;
    private final Map<String, String> serviceTokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** @param issuer the auth server's issuer URI, e.g. {@code http://localhost:9000} */
    public Tokens(URI issuer) {
        this.issuer = URI.create(issuer.toString().replaceAll("/$", ""));
    }

    /**
     * A client-credentials token of {@value #CLI_CLIENT} with {@code scopes} (all of them when none is given); cached
     * per scope set for the life of this object (the client's tokens live an hour).
     */
    public String service(String... scopes) {
        String[] requested = scopes.length == 0 ? ALL_SCOPES : scopes;
        return serviceTokens.computeIfAbsent(
                String.join(" ", requested), scope -> clientCredentials(CLI_CLIENT, CLI_SECRET, requested));
    }

    /**
     * A real token of this issuer that has expired: issued to the test client {@value
     * AuthServerProcess#SHORT_LIVED_CLIENT} (which must be registered, see {@link
     * AuthServerProcess#TEST_CLIENT_PROPERTIES}), returned once its lifetime and {@code clockSkew} have passed. A
     * resource server that allows a clock skew larger than {@code clockSkew} would still accept it.
     */
    public String expired(Duration clockSkew) {
        String token = clientCredentials(
                AuthServerProcess.SHORT_LIVED_CLIENT, AuthServerProcess.SHORT_LIVED_SECRET, ALL_SCOPES);
        try {
            Thread.sleep(AuthServerProcess.SHORT_LIVED_TOKEN_TTL
                    .plus(clockSkew)
                    .plusMillis(1100)
                    .toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return token;
    }

    /** A fresh client-credentials token for any client. */
    public String clientCredentials(String clientId, String secret, String... scopes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", String.join(" ", scopes));
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(issuer.resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .build();
        return extract(ACCESS_TOKEN, send(newClient(), request), "access_token");
    }

    /**
     * Signs {@code username} in with the demo password through the authorization code flow with PKCE as
     * {@value #WEB_CLIENT}, scopes {@code openid orders:read orders:write}.
     *
     * @return the access token (subject = the user) and the OpenID Connect ID token (audience = the client, so it is a
     *     token a resource server must refuse)
     */
    public UserTokens user(String username) {
        return user(username, DEMO_PASSWORD);
    }

    /** As {@link #user(String)} with a password of your own (a wrong one fails with IllegalStateException). */
    public UserTokens user(String username, String password) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
        Map<String, String> authorize = new LinkedHashMap<>();
        authorize.put("response_type", "code");
        authorize.put("client_id", WEB_CLIENT);
        authorize.put("scope", "openid orders:read orders:write");
        authorize.put("redirect_uri", WEB_REDIRECT);
        authorize.put("code_challenge", challenge);
        authorize.put("code_challenge_method", "S256");
        authorize.put("state", Long.toHexString(random.nextLong()));

        HttpResponse<String> toLogin = send(browser, html(issuer.resolve("/oauth2/authorize?" + form(authorize))));
        String loginPage = send(browser, html(absolute(location(toLogin)))).body();
        Matcher csrf = CSRF.matcher(loginPage);
        if (!csrf.find()) {
            throw new IllegalStateException("the login page of " + issuer + " has no CSRF token");
        }
        Map<String, String> login = new LinkedHashMap<>();
        login.put("username", username);
        login.put("password", password);
        login.put("_csrf", csrf.group(1));
        HttpResponse<String> afterLogin = send(
                browser,
                HttpRequest.newBuilder(issuer.resolve("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(form(login)))
                        .build());
        String next = location(afterLogin);
        if (next.contains("error")) {
            throw new IllegalStateException(username + " could not sign in at " + issuer);
        }
        String callback = location(send(browser, html(absolute(next))));
        if (!callback.startsWith(WEB_REDIRECT)) {
            throw new IllegalStateException("the authorization did not come back to the client: " + callback);
        }
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(callback);
        if (!code.find()) {
            throw new IllegalStateException("no authorization code in " + callback);
        }
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("client_id", WEB_CLIENT);
        exchange.put("code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8));
        exchange.put("redirect_uri", WEB_REDIRECT);
        exchange.put("code_verifier", verifier);
        HttpResponse<String> tokens = send(
                browser,
                HttpRequest.newBuilder(issuer.resolve("/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(form(exchange)))
                        .build());
        return new UserTokens(extract(ACCESS_TOKEN, tokens, "access_token"), extract(ID_TOKEN, tokens, "id_token"));
    }

    /**
     * The access and ID token of a signed-in user.
     *
     * @param accessToken the bearer token for the API
     * @param idToken the OpenID Connect ID token (audience: the client, not the API)
     */
    public record UserTokens(String accessToken, String idToken) {}

    private HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(
                        request.method() + " " + request.uri().getPath() + " at " + issuer + " answered "
                                + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("the auth server at " + issuer + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest html(URI uri) {
        // as a browser asks: HTML requests are sent to the login page, API requests would get 401
        return HttpRequest.newBuilder(uri)
                .header("Accept", "text/html")
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private URI absolute(String location) {
        return location.startsWith("http") ? URI.create(location) : issuer.resolve(location);
    }

    private static String location(HttpResponse<String> response) {
        return response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new IllegalStateException(
                        "expected a redirect from " + response.uri() + ", got " + response.statusCode()));
    }

    private static String extract(Pattern pattern, HttpResponse<String> response, String what) {
        Matcher matcher = pattern.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no " + what + " in the answer of " + response.uri());
        }
        return matcher.group(1);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
