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
 * What the design fixes and the manifests must follow: the services, who calls them and where each is deployed
 * (DESIGN.md §3), the OAuth issuer they trust (§7), the topics (§5), which databases read-model-service replicates
 * (§6). The services' ports and settings are read from their own {@code application.yml}, so a port that changes there
 * and not in the manifests fails a test.
 */
final class Platform {

    /** A caller of the gateway: anyone (it is the public edge). */
    static final String ANY_SOURCE = "<any>";

    static final String READ_MODEL_SERVICE = "read-model-service";

    static final String AUTH_SERVER = "auth-server";

    /** Deployed by every Kustomize target. */
    static final Set<String> EVERYWHERE = Set.of(Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION);

    /** Deployed by the workshop only: production trusts an external OIDC provider instead of the auth server. */
    static final Set<String> WORKSHOP_ONLY = Set.of(Repository.WORKSHOP);

    /**
     * Who checks access tokens (DESIGN.md §7: the gateway, and every service again), and so fetches the issuer's
     * metadata and signing keys.
     */
    static final Set<String> ISSUER_CLIENTS = Set.of(
            "gateway",
            "inventory-service",
            "payment-service",
            "order-service",
            "saga-orchestrator",
            READ_MODEL_SERVICE);

    /** The Spring Boot services, in start order: the issuer first, the gateway last. */
    static final List<SpringService> SERVICES = List.of(
            new SpringService(AUTH_SERVER, null, false, false, ISSUER_CLIENTS, WORKSHOP_ONLY),
            new SpringService(
                    "inventory-service", "inventory-db", true, true, Set.of("gateway", "order-service"), EVERYWHERE),
            new SpringService("payment-service", "payments-db", true, false, Set.of("gateway"), EVERYWHERE),
            new SpringService("order-service", "orders-db", true, false, Set.of("gateway"), EVERYWHERE),
            new SpringService("saga-orchestrator", "sagas-db", true, false, Set.of("gateway"), EVERYWHERE),
            new SpringService(READ_MODEL_SERVICE, "readmodel-db", false, true, Set.of("gateway"), EVERYWHERE),
            new SpringService("gateway", null, false, true, Set.of(ANY_SOURCE), EVERYWHERE));

    /** Topics of DESIGN.md §5; each also has {@code <topic>.DLT}. */
    static final List<String> TOPICS =
            List.of("order.events", "order.commands", "inventory.commands", "payment.commands", "saga.replies");

    static final int PARTITIONS = 6;

    /** The databases read-model-service reads by logical replication (DESIGN.md §6). */
    static final Set<String> CDC_SOURCES = Set.of("orders-db", "payments-db", "inventory-db");

    /**
     * The publication read-model-service reads each source through: the default of
     * {@code shopfloor.readmodel.cdc.publication} (ReadModelProperties), unless the manifests set another.
     */
    static final String READ_MODEL_PUBLICATION = "readmodel";

    /**
     * The services that export traces and metrics (issue #7): every platform service. The auth server, workshop
     * infrastructure, has no tracer and is not scraped; it logs JSON like the others.
     */
    static final Set<String> OBSERVED = Set.of(
            "gateway",
            "inventory-service",
            "payment-service",
            "order-service",
            "saga-orchestrator",
            READ_MODEL_SERVICE);

    /** The namespace Prometheus scrapes from (kube-prometheus-stack's usual one): admitted to each actuator port. */
    static final String MONITORING_NAMESPACE = "monitoring";

    /** Who talks to Redis (DESIGN.md §3). */
    static final Set<String> REDIS_CLIENTS = Set.of("gateway", "inventory-service", READ_MODEL_SERVICE);

    private Platform() {}

    /** The services that belong in what these manifests were rendered from (the auth server in the workshop only). */
    static List<SpringService> servicesIn(Manifests manifests) {
        return SERVICES.stream()
                .filter(s -> s.targets().contains(manifests.source()))
                .toList();
    }

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
     * @param name its artifact id (the last part of its module folder), Kubernetes name and pod label
     * @param database the CloudNativePG cluster of its database, or null
     * @param kafka whether it uses Kafka (and so has an outbox, whose relay reads a logical replication slot)
     * @param redis whether it uses Redis
     * @param callers the pod labels of the workloads that call it over HTTP, or {@link #ANY_SOURCE}
     * @param targets the Kustomize targets that deploy it ({@link #EVERYWHERE}, {@link #WORKSHOP_ONLY})
     */
    record SpringService(
            String name, String database, boolean kafka, boolean redis, Set<String> callers, Set<String> targets) {

        Path module() {
            return name.equals(AUTH_SERVER) ? Repository.module("infra/" + name) : Repository.module(name);
        }

        /**
         * The properties its application.yml mentions: its keys, and the properties its values refer to as
         * placeholders ({@code ${shopfloor.auth.issuer:http://localhost:9000}}), which an environment variable sets
         * just as well.
         */
        Set<String> knownProperties() {
            Set<String> known = new java.util.TreeSet<>(applicationProperties().keySet());
            Matcher placeholder = Pattern.compile("\\$\\{([A-Za-z0-9.\\-]+)[:}]")
                    .matcher(read(module().resolve("src/main/resources/application.yml")));
            while (placeholder.find()) {
                known.add(placeholder.group(1));
            }
            return known;
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

        /** Where the actuator answers: {@code management.server.port} when set, else {@link #configuredPort()}. */
        int managementPort() {
            Object port = applicationProperties().get("management.server.port");
            return port == null ? configuredPort() : Integer.parseInt(String.valueOf(port));
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
