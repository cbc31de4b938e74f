package dev.shopfloor.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the platform's public REST API (DESIGN.md §8) through the gateway, for the demo and the
 * end-to-end tests. JSON in and out, with a bearer access token (or none); no retries, so tests see exactly what the
 * platform answered.
 */
public final class ApiClient {

    private final String baseUrl;
    private final String accessToken;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    /** An anonymous client: every {@code /api} request answers 401. */
    public ApiClient(String baseUrl) {
        this(baseUrl, null);
    }

    /**
     * @param baseUrl the gateway, e.g. {@code http://localhost:8080}, or a service
     * @param accessToken sent as {@code Authorization: Bearer <token>}; {@code null} for none
     */
    public ApiClient(String baseUrl, String accessToken) {
        this.baseUrl = baseUrl;
        this.accessToken = accessToken;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The same client with another token ({@code null}: none). */
    public ApiClient withToken(String token) {
        return new ApiClient(baseUrl, token);
    }

    /** An HTTP answer: status, headers and body (parsed as JSON when it is JSON, else {@code null}). */
    public record Answer(int status, Map<String, java.util.List<String>> headers, String body, JsonNode json) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }

        public String contentType() {
            return header("content-type");
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), null);
    }

    public Answer put(String path, Object body) {
        return sendJson("PUT", path, body, Map.of());
    }

    public Answer post(String path, Object body) {
        return sendJson("POST", path, body, Map.of());
    }

    public Answer post(String path, Object body, Map<String, String> headers) {
        return sendJson("POST", path, body, headers);
    }

    /** Sends {@code rawBody} as is, e.g. malformed JSON. */
    public Answer postRaw(String path, String rawBody) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(rawBody)),
                null);
    }

    public JsonMapper json() {
        return json;
    }

    private Answer sendJson(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        headers.forEach(request::header);
        return send(request, body);
    }

    private Answer send(HttpRequest.Builder request, Object ignored) {
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = null;
            String type = response.headers().firstValue("content-type").orElse("");
            if (type.contains("json") && !response.body().isBlank()) {
                parsed = json.readTree(response.body());
            }
            return new Answer(response.statusCode(), response.headers().map(), response.body(), parsed);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }
}
