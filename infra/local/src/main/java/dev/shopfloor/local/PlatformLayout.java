package dev.shopfloor.local;

import dev.shopfloor.testing.Ports;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;

/**
 * Where the local platform lives: the project folder (to find the services' runnable jars), the data folder
 * (Postgres cluster, Kafka logs, Redis snapshot, service logs), and every port (DESIGN.md §3).
 *
 * @param projectRoot the repository's root folder
 * @param dataDirectory everything the platform writes; survives a restart; {@code ./platform reset} deletes it
 * @param postgresPort Postgres on localhost (default 15432)
 * @param kafkaPort Kafka's client listener (default 19092)
 * @param kafkaControllerPort Kafka's KRaft controller listener (default 19093)
 * @param redisPort Redis (default 16379)
 * @param servicePorts HTTP port of each service, by service name
 * @param managementPorts the actuator's own port of the services that have one (the gateway), by service name
 * @param zipkinPort the trace backend's port (default 9411), or 0 when the run has none (services then export no
 *     spans)
 */
public record PlatformLayout(
        Path projectRoot,
        Path dataDirectory,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int redisPort,
        Map<String, Integer> servicePorts,
        Map<String, Integer> managementPorts,
        int zipkinPort) {

    /** The OAuth2 issuer whose tokens the gateway and every service accept. */
    public static final String AUTH_SERVER = "auth-server";

    public static final String GATEWAY = "gateway";

    /** The services in start order, with their default ports. */
    public static final List<Service> SERVICES = List.of(
            new Service(AUTH_SERVER, "infra/auth-server", null, 9000, 0),
            new Service("inventory-service", "inventory-service", "inventory", 8083, 0),
            new Service("payment-service", "payment-service", "payments", 8082, 0),
            new Service("order-service", "order-service", "orders", 8081, 0),
            new Service("saga-orchestrator", "saga-orchestrator", "sagas", 8085, 0),
            new Service("read-model-service", "read-model-service", "readmodel", 8084, 0),
            new Service(GATEWAY, GATEWAY, null, 8080, 8090));

    /**
     * The defaults of DESIGN.md §3; each port can be overridden by an environment variable ({@code POSTGRES_PORT},
     * {@code KAFKA_PORT}, {@code KAFKA_CONTROLLER_PORT}, {@code REDIS_PORT}, {@code GATEWAY_PORT}, {@code GATEWAY_MANAGEMENT_PORT}, {@code AUTH_SERVER_PORT},
     * {@code ORDER_SERVICE_PORT}, {@code ZIPKIN_PORT}, ...) and the data folder by {@code PLATFORM_DATA}; {@code ZIPKIN=off}
     * runs without the trace backend.
     *
     * @throws IllegalArgumentException when an override is not a port number
     */
    public static PlatformLayout fromEnvironment(Path projectRoot, Map<String, String> env) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        Map<String, Integer> management = new java.util.LinkedHashMap<>();
        for (Service service : SERVICES) {
            ports.put(service.name(), port(env, service.portVariable(), service.defaultPort()));
            if (service.defaultManagementPort() > 0) {
                management.put(
                        service.name(), port(env, service.managementPortVariable(), service.defaultManagementPort()));
            }
        }
        Path data = env.containsKey("PLATFORM_DATA")
                ? Path.of(env.get("PLATFORM_DATA"))
                : projectRoot.resolve(".platform").resolve("data");
        return new PlatformLayout(
                projectRoot,
                data,
                port(env, "POSTGRES_PORT", 15432),
                port(env, "KAFKA_PORT", 19092),
                port(env, "KAFKA_CONTROLLER_PORT", 19093),
                port(env, "REDIS_PORT", 16379),
                Map.copyOf(ports),
                Map.copyOf(management),
                "off".equalsIgnoreCase(env.getOrDefault("ZIPKIN", "").trim()) ? 0 : port(env, "ZIPKIN_PORT", 9411));
    }

    /** Free ports everywhere: for end-to-end tests that run beside a developer's own platform. */
    public static PlatformLayout ephemeral(Path projectRoot, Path dataDirectory) {
        long managed =
                SERVICES.stream().filter(s -> s.defaultManagementPort() > 0).count();
        // all different: one port per server, chosen together
        PrimitiveIterator.OfInt free =
                Arrays.stream(Ports.free(5 + SERVICES.size() + (int) managed)).iterator();
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        Map<String, Integer> management = new java.util.LinkedHashMap<>();
        for (Service service : SERVICES) {
            ports.put(service.name(), free.nextInt());
            if (service.defaultManagementPort() > 0) {
                management.put(service.name(), free.nextInt());
            }
        }
        return new PlatformLayout(
                projectRoot,
                dataDirectory,
                free.nextInt(),
                free.nextInt(),
                free.nextInt(),
                free.nextInt(),
                Map.copyOf(ports),
                Map.copyOf(management),
                free.nextInt());
    }

    /** The same layout without the trace backend: no Zipkin is started and services export no spans. */
    public PlatformLayout withoutZipkin() {
        return new PlatformLayout(
                projectRoot,
                dataDirectory,
                postgresPort,
                kafkaPort,
                kafkaControllerPort,
                redisPort,
                servicePorts,
                managementPorts,
                0);
    }

    /** Whether this run has a trace backend. */
    public boolean hasZipkin() {
        return zipkinPort > 0;
    }

    /** {@code http://localhost:<zipkin port>}: Zipkin's query API; its UI is under {@code /zipkin/}. */
    public String zipkinUrl() {
        return "http://localhost:" + zipkinPort;
    }

    public int port(String service) {
        return servicePorts.get(service);
    }

    /** {@code http://localhost:<gateway port>}. */
    public String gatewayUrl() {
        return "http://localhost:" + port("gateway");
    }

    public String serviceUrl(String service) {
        return "http://localhost:" + port(service);
    }

    /** Where {@code service}'s actuator answers: its management port when it has one, else its HTTP port. */
    public int managementPort(String service) {
        return managementPorts.getOrDefault(service, port(service));
    }

    /** {@code http://localhost:<management port>}: health, metrics, admin endpoints such as the gateway's strangler. */
    public String managementUrl(String service) {
        return "http://localhost:" + managementPort(service);
    }

    /** The OAuth2 issuer URI of the local auth server, {@code http://localhost:9000}. */
    public String issuerUrl() {
        return serviceUrl(AUTH_SERVER);
    }

    private static int port(Map<String, String> env, String variable, int fallback) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a port number (1-65535), was: " + value);
        }
    }

    /**
     * One process of the platform.
     *
     * @param name the process name (and artifact id)
     * @param module the Maven module's folder, relative to the project root
     * @param database its own database (and login role), or {@code null} for the gateway and the auth server
     * @param defaultPort its HTTP port by default
     * @param defaultManagementPort its actuator's own port by default, or 0 when the actuator shares the HTTP port
     */
    public record Service(String name, String module, String database, int defaultPort, int defaultManagementPort) {

        /** e.g. {@code ORDER_SERVICE_PORT}, {@code GATEWAY_PORT}. */
        public String portVariable() {
            return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_PORT";
        }

        /** e.g. {@code GATEWAY_MANAGEMENT_PORT}. */
        public String managementPortVariable() {
            return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_MANAGEMENT_PORT";
        }
    }
}
