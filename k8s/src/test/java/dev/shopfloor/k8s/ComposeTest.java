package dev.shopfloor.k8s;

import static dev.shopfloor.k8s.K8sObject.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code infra/compose/compose.yaml} parses, and runs the services exactly as the workshop's Kubernetes manifests do
 * (the auth server included): the same images, container ports and environment variable names (but the tracing and
 * log settings, which are for Kubernetes); the auth server is
 * every service's issuer and keeps its key on a volume; the read model replicates the three source databases; it
 * starts each server only after what it needs is healthy, on Postgres 17 with logical WAL and one database and role
 * per service (REPLICATION where an outbox relay needs it), Kafka in KRaft mode and Redis as an LRU cache.
 */
class ComposeTest {

    /** Compose runs what the workshop runs: every service, the auth server too. */
    private static Manifests workshop() {
        return Kustomize.render(Repository.WORKSHOP);
    }

    /**
     * Settings of the Kubernetes manifests only (base/telemetry.env): how many requests are traced, and JSON logs.
     * Compose keeps the local defaults (every request traced, readable console logs); where spans go it sets too.
     */
    private static final Set<String> KUBERNETES_ONLY = Set.of(Policies.SAMPLING_VARIABLE, Policies.LOG_FORMAT_VARIABLE);

    private static final Pattern DEFAULTED_VARIABLE = Pattern.compile("\\$\\{(\\w+):-([^}]*)}");

    private static Map<String, Object> compose() {
        return asMap(Platform.loadYaml(Repository.COMPOSE_FILE));
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> service = asMap(asMap(compose().get("services")).get(name));
        assertThat(service).as("compose service %s", name).isNotEmpty();
        return service;
    }

    @Test
    void parsesAndDefinesInfrastructureAndEveryService() {
        Set<String> expected = new TreeSet<>(Set.of("postgres", "kafka", "redis", "zipkin"));
        Platform.SERVICES.forEach(s -> expected.add(s.name()));

        assertThat(asMap(compose().get("services")).keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void namesTheSameImagesAsTheManifests() {
        Manifests manifests = workshop();

        for (Platform.SpringService s : Platform.SERVICES) {
            String composeImage = withDefaults(String.valueOf(service(s.name()).get("image")));
            String manifestImage = String.valueOf(manifests
                    .workload(s.name())
                    .orElseThrow()
                    .containers()
                    .getFirst()
                    .get("image"));
            assertThat(composeImage).as(s.name()).isEqualTo(manifestImage);
        }
        String redisImage = String.valueOf(manifests
                .workload("redis")
                .orElseThrow()
                .containers()
                .getFirst()
                .get("image"));
        assertThat(service("redis").get("image")).isEqualTo(redisImage);
    }

    @Test
    void listensOnTheSameContainerPortsAsTheManifests() {
        Manifests manifests = workshop();

        for (Platform.SpringService s : Platform.SERVICES) {
            int port = Policies.resolvePort(
                            manifests.workload(s.name()).orElseThrow().containers(), "http")
                    .orElseThrow();
            assertThat(containerPorts(service(s.name()))).as(s.name()).contains(port);
            assertThat(String.valueOf(environment(s.name()).get("SERVER_PORT")))
                    .as(s.name())
                    .isEqualTo(String.valueOf(port));
        }
    }

    @Test
    void setsTheSameEnvironmentVariablesAsTheManifests() {
        Manifests manifests = workshop();

        for (Platform.SpringService s : Platform.SERVICES) {
            Set<String> manifestNames = Policies.variableNames(
                    manifests, manifests.workload(s.name()).orElseThrow());
            // Compose keeps the local sampling and readable console logs: it leaves these at their defaults.
            manifestNames.removeAll(KUBERNETES_ONLY);
            assertThat(new TreeSet<>(environment(s.name()).keySet()))
                    .as(s.name())
                    .containsExactlyElementsOf(manifestNames);
        }
    }

    @Test
    void connectsEachServiceToItsOwnDatabaseAsItsOwnRole() {
        Manifests manifests = workshop();

        for (Platform.SpringService s : Platform.SERVICES) {
            if (s.database() == null) {
                continue;
            }
            String database = manifests
                    .get("Cluster", s.database())
                    .string("spec", "bootstrap", "initdb", "database")
                    .orElseThrow();
            Map<String, Object> env = environment(s.name());
            assertThat(env.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + database);
            assertThat(env.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(database);
        }
    }

    @Test
    void startsEveryContainerOnlyAfterWhatItNeedsIsHealthy() {
        Map<String, Object> services = asMap(compose().get("services"));
        List<String> problems = new ArrayList<>();
        services.forEach((name, value) -> {
            Map<String, Object> service = asMap(value);
            if (asMap(service.get("healthcheck")).isEmpty()) {
                problems.add(name + " has no healthcheck");
            }
            asMap(service.get("depends_on")).forEach((dependency, condition) -> {
                if (!"service_healthy".equals(asMap(condition).get("condition"))) {
                    problems.add(name + " does not wait for " + dependency + " to be healthy");
                }
            });
        });
        for (Platform.SpringService s : Platform.SERVICES) {
            Set<String> needs = new TreeSet<>();
            if (s.database() != null) {
                needs.add("postgres");
            }
            if (s.kafka()) {
                needs.add("kafka");
            }
            if (s.redis()) {
                needs.add("redis");
            }
            if (s.name().equals(Platform.READ_MODEL_SERVICE)) {
                // Their migrations create the tables it captures.
                Platform.SERVICES.stream()
                        .filter(owner -> owner.database() != null && Platform.CDC_SOURCES.contains(owner.database()))
                        .forEach(owner -> needs.add(owner.name()));
            }
            Set<String> dependsOn = asMap(service(s.name()).get("depends_on")).keySet();
            if (!dependsOn.containsAll(needs)) {
                problems.add(s.name() + " depends on " + dependsOn + ", it needs " + needs);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void runsPostgres17WithLogicalWalAndOneReplicationRolePerServiceDatabase() {
        Map<String, Object> postgres = service("postgres");
        String script = Platform.read(Repository.POSTGRES_INIT_SCRIPT);

        assertThat(String.valueOf(postgres.get("image"))).startsWith("postgres:17.");
        assertThat(K8sObject.asStrings(postgres.get("command"))).contains("wal_level=logical");
        for (Platform.SpringService s : Platform.SERVICES) {
            if (s.database() == null) {
                continue;
            }
            String database = databaseOf(s.name());
            String attributes = s.kafka() ? "LOGIN REPLICATION" : "LOGIN";
            assertThat(script)
                    .as("init script for %s", s.name())
                    .contains("CREATE ROLE " + database + " " + attributes + " PASSWORD '" + database + "';")
                    .contains("CREATE DATABASE " + database + " OWNER " + database + ";");
        }
        assertThat(K8sObject.asStrings(postgres.get("volumes")))
                .anySatisfy(v -> assertThat(v).startsWith("./postgres-init.sql:/docker-entrypoint-initdb.d/"));
    }

    @Test
    void runsTheAuthServerAsTheIssuerOfEveryServiceWithItsSigningKeyOnAVolume() {
        Map<String, Object> authServer = environment(Platform.AUTH_SERVER);
        String issuer = "http://" + Platform.AUTH_SERVER + ":"
                + Platform.service(Platform.AUTH_SERVER).configuredPort();

        assertThat(authServer).containsEntry(Policies.AUTH_ISSUER_VARIABLE, issuer);
        for (String client : Platform.ISSUER_CLIENTS) {
            assertThat(environment(client)).as(client).containsEntry(Policies.ISSUER_VARIABLE, issuer);
        }
        String keyFile = String.valueOf(authServer.get("SHOPFLOOR_AUTH_KEYFILE"));
        Set<String> namedVolumes = asMap(compose().get("volumes")).keySet();
        assertThat(K8sObject.asStrings(service(Platform.AUTH_SERVER).get("volumes")))
                .anySatisfy(volume -> {
                    String[] parts = volume.split(":");
                    assertThat(namedVolumes).contains(parts[0]);
                    assertThat(keyFile).startsWith(parts[1] + "/");
                });
    }

    @Test
    void replicatesEverySourceDatabaseOfTheReadModelAsItsOwner() {
        Map<String, Object> readModel = environment(Platform.READ_MODEL_SERVICE);
        Set<String> replicated = new TreeSet<>();
        Platform.service(Platform.READ_MODEL_SERVICE).applicationProperties().keySet().stream()
                .map(key -> Pattern.compile("shopfloor\\.readmodel\\.sources\\.(\\w+)\\.url")
                        .matcher(key))
                .filter(Matcher::matches)
                .forEach(source -> {
                    String prefix =
                            "SHOPFLOOR_READMODEL_SOURCES_" + source.group(1).toUpperCase(java.util.Locale.ROOT) + "_";
                    String url = String.valueOf(readModel.get(prefix + "URL"));
                    String database = url.substring(url.lastIndexOf('/') + 1);
                    replicated.add(database);
                    assertThat(url).isEqualTo("jdbc:postgresql://postgres:5432/" + database);
                    // The owner may create the publication over its tables (docs/adr/0006-cqrs-read-model-by-cdc.md).
                    assertThat(readModel)
                            .containsEntry(prefix + "USERNAME", database)
                            .containsEntry(prefix + "PASSWORD", database);
                });
        Set<String> expected = new TreeSet<>();
        for (Platform.SpringService owner : Platform.SERVICES) {
            if (owner.database() != null && Platform.CDC_SOURCES.contains(owner.database())) {
                expected.add(databaseOf(owner.name()));
            }
        }

        assertThat(replicated).isEqualTo(expected);
    }

    @Test
    void runsKafkaInKraftModeAndRedisAsAnLruCache() {
        Map<String, Object> kafka = service("kafka");
        Map<String, Object> kafkaEnv = asMap(kafka.get("environment"));

        assertThat(String.valueOf(kafka.get("image"))).startsWith("apache/kafka:");
        assertThat(String.valueOf(kafkaEnv.get("KAFKA_PROCESS_ROLES"))).contains("controller", "broker");
        assertThat(String.valueOf(service("redis").get("command"))).contains("allkeys-lru");
    }

    private static Map<String, Object> environment(String service) {
        return asMap(service(service).get("environment"));
    }

    private static String databaseOf(String service) {
        String url = String.valueOf(environment(service).get("SPRING_DATASOURCE_URL"));
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** The container side of each {@code host:container} port mapping. */
    private static List<Integer> containerPorts(Map<String, Object> service) {
        return K8sObject.asStrings(service.get("ports")).stream()
                .map(p -> Integer.parseInt(p.substring(p.lastIndexOf(':') + 1)))
                .toList();
    }

    /** Compose's {@code ${NAME:-default}}, resolved to its default. */
    private static String withDefaults(String value) {
        Matcher matcher = DEFAULTED_VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(matcher.group(2)));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
