package dev.shopfloor.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the design fixes and the manifests must follow: the services and who calls them (DESIGN.md §3), the topics
 * (§5), which databases read-model-service replicates (§6). The services' ports are read from their own
 * {@code application.yml}, so a port that changes there and not in the manifests fails a test.
 */
final class Platform {

    /** A caller of the gateway: anyone (it is the public edge). */
    static final String ANY_SOURCE = "<any>";

    /** Not deployed yet; the network rules that will admit it are there already, under this pod label. */
    static final String READ_MODEL_SERVICE = "read-model-service";

    /** The Spring Boot services that exist today, in start order. */
    static final List<SpringService> SERVICES = List.of(
            new SpringService("inventory-service", "inventory-db", true, true, Set.of("gateway", "order-service")),
            new SpringService("payment-service", "payments-db", true, false, Set.of("gateway")),
            new SpringService("order-service", "orders-db", true, false, Set.of("gateway")),
            new SpringService("saga-orchestrator", "sagas-db", true, false, Set.of("gateway")),
            new SpringService("gateway", null, false, true, Set.of(ANY_SOURCE)));

    /** Topics of DESIGN.md §5; each also has {@code <topic>.DLT}. */
    static final List<String> TOPICS =
            List.of("order.events", "order.commands", "inventory.commands", "payment.commands", "saga.replies");

    static final int PARTITIONS = 6;

    /** The databases read-model-service reads by logical replication (DESIGN.md §6). */
    static final Set<String> CDC_SOURCES = Set.of("orders-db", "payments-db", "inventory-db");

    /** Who talks to Redis (DESIGN.md §3). */
    static final Set<String> REDIS_CLIENTS = Set.of("gateway", "inventory-service", READ_MODEL_SERVICE);

    private Platform() {}

    static SpringService service(String name) {
        return SERVICES.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    static boolean isService(String name) {
        return SERVICES.stream().anyMatch(s -> s.name().equals(name));
    }

    /** The services that use Kafka: the only clients its listener may admit. */
    static Set<String> kafkaClients() {
        return SERVICES.stream()
                .filter(SpringService::kafka)
                .map(SpringService::name)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Who may connect to each service database: its owner, and read-model-service where it replicates. */
    static Map<String, Set<String>> databaseClients() {
        Map<String, Set<String>> clients = new LinkedHashMap<>();
        for (SpringService service : SERVICES) {
            if (service.database() != null) {
                clients.put(
                        service.database(),
                        CDC_SOURCES.contains(service.database())
                                ? Set.of(service.name(), READ_MODEL_SERVICE)
                                : Set.of(service.name()));
            }
        }
        return clients;
    }

    /** The project version of the root pom: the tag of every Shopfloor image. */
    static String projectVersion() {
        String pom = read(Repository.ROOT.resolve("pom.xml"));
        // The first <version> after </parent> is the project's own.
        Matcher matcher = Pattern.compile("</parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(pom);
        if (!matcher.find()) {
            throw new IllegalStateException("no project version in the root pom");
        }
        return matcher.group(1).trim();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object loadYaml(Path file) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file));
    }

    /**
     * A Spring Boot service of the platform.
     *
     * @param name its module folder, artifact id, Kubernetes name and pod label
     * @param database the CloudNativePG cluster of its database, or null
     * @param kafka whether it uses Kafka
     * @param redis whether it uses Redis
     * @param callers the pod labels of the workloads that call it over HTTP, or {@link #ANY_SOURCE}
     */
    record SpringService(String name, String database, boolean kafka, boolean redis, Set<String> callers) {

        Path module() {
            return Repository.module(name);
        }

        /** The service's {@code src/main/resources/application.yml}, flattened to dotted keys. */
        Map<String, Object> applicationProperties() {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", loadYaml(module().resolve("src/main/resources/application.yml")), flat);
            return flat;
        }

        /** {@code server.port} of its application.yml: the port it listens on, actuator included. */
        int configuredPort() {
            Object port = applicationProperties().get("server.port");
            if (port == null) {
                throw new IllegalStateException(name + "'s application.yml sets no server.port");
            }
            return Integer.parseInt(String.valueOf(port));
        }

        private static void flatten(String prefix, Object value, Map<String, Object> into) {
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
            } else {
                into.put(prefix, value);
            }
        }
    }
}
