package dev.shopfloor.k8s;

import static dev.shopfloor.k8s.K8sObject.asMap;
import static dev.shopfloor.k8s.K8sObject.asMaps;
import static dev.shopfloor.k8s.K8sObject.asStrings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The production overlay survives the loss of any one node: three Kafka brokers with every partition on three of
 * them, three instances of each database on different nodes whose logical slots follow a failover, autoscaled gateway
 * and order-service, at least two pods of every other service (but the read model) spread over nodes; it trusts an
 * external OIDC provider and runs no auth server.
 */
class ProductionOverlayTest {

    private static Manifests production() {
        return Kustomize.render(Repository.PRODUCTION);
    }

    @Test
    void runsThreeKafkaBrokersThatAreAlsoThreeControllersOnDifferentNodes() {
        List<K8sObject> pools = production().ofKind("KafkaNodePool");

        assertThat(replicasWithRole(pools, "broker")).isEqualTo(3);
        assertThat(replicasWithRole(pools, "controller")).isEqualTo(3);
        assertThat(pools)
                .allSatisfy(pool -> assertThat(pool.maps(
                                "spec",
                                "template",
                                "pod",
                                "affinity",
                                "podAntiAffinity",
                                "requiredDuringSchedulingIgnoredDuringExecution"))
                        .as(pool.id())
                        .anySatisfy(term -> assertThat(term.get("topologyKey")).isEqualTo("kubernetes.io/hostname")));
    }

    @Test
    void keepsEveryRecordOnThreeBrokersAndAcknowledgesWritesOnTwo() {
        Manifests manifests = production();
        Map<String, Object> config = manifests.get("Kafka", "shopfloor").map("spec", "kafka", "config");

        assertThat(config)
                .containsEntry("default.replication.factor", 3)
                .containsEntry("min.insync.replicas", 2)
                .containsEntry("offsets.topic.replication.factor", 3)
                .containsEntry("transaction.state.log.replication.factor", 3)
                .containsEntry("transaction.state.log.min.isr", 2);
        assertThat(manifests.ofKind("KafkaTopic"))
                .hasSize(Platform.TOPICS.size() * 2)
                .allSatisfy(topic -> {
                    assertThat(topic.get("spec", "replicas")).as(topic.id()).isEqualTo(3);
                    assertThat(topic.get("spec", "config", "min.insync.replicas"))
                            .as(topic.id())
                            .isEqualTo(2);
                });
    }

    @Test
    void runsThreeInstancesOfEveryDatabaseOnDifferentNodes() {
        assertThat(production().ofKind("Cluster"))
                .hasSize(Platform.databaseClients().size())
                .allSatisfy(cluster -> {
                    assertThat(cluster.get("spec", "instances"))
                            .as(cluster.id())
                            .isEqualTo(3);
                    assertThat(cluster.map("spec", "affinity"))
                            .as(cluster.id())
                            .containsEntry("enablePodAntiAffinity", true)
                            .containsEntry("podAntiAffinityType", "required")
                            .containsEntry("topologyKey", "kubernetes.io/hostname");
                });
    }

    @Test
    void hasTheStandbysOfEveryDatabaseWithLogicalSlotsSynchronizeFailoverSlots() {
        Manifests manifests = production();
        List<String> withSlots = Platform.SERVICES.stream()
                .filter(s -> s.database() != null)
                .filter(s -> s.kafka() || Platform.CDC_SOURCES.contains(s.database()))
                .map(Platform.SpringService::database)
                .toList();

        assertThat(withSlots).hasSize(4);
        for (String database : withSlots) {
            K8sObject cluster = manifests.get("Cluster", database);
            assertThat(cluster.map("spec", "replicationSlots", "highAvailability"))
                    .as(cluster.id())
                    .containsEntry("enabled", true)
                    .containsEntry("synchronizeLogicalDecoding", true);
            assertThat(cluster.map("spec", "postgresql", "parameters"))
                    .as(cluster.id())
                    .containsEntry("sync_replication_slots", "on")
                    .containsEntry("hot_standby_feedback", "on")
                    .containsEntry("wal_level", "logical");
        }
    }

    @Test
    void trustsAnExternalIssuerOverHttpsAndRunsNoAuthServer() {
        Manifests manifests = production();

        assertThat(manifests.workload(Platform.AUTH_SERVER)).isEmpty();
        assertThat(manifests.find("Service", Platform.AUTH_SERVER)).isEmpty();
        for (String client : Platform.ISSUER_CLIENTS) {
            K8sObject workload = manifests.workload(client).orElseThrow();
            assertThat(Policies.environment(manifests, workload.containers().getFirst()))
                    .as(workload.id())
                    .hasEntrySatisfying(
                            Policies.ISSUER_VARIABLE,
                            issuer -> assertThat(issuer).startsWith("https://").doesNotContain(Platform.AUTH_SERVER));
        }
    }

    @Test
    void autoscalesTheGatewayOrderServiceAndTheReadModelAndLeavesTheirReplicaCountToTheAutoscaler() {
        Manifests manifests = production();

        for (String service : List.of("gateway", "order-service", Platform.READ_MODEL_SERVICE)) {
            K8sObject workload = manifests.workload(service).orElseThrow();
            K8sObject autoscaler = manifests.get("HorizontalPodAutoscaler", service);
            assertThat(autoscaler.map("spec", "scaleTargetRef"))
                    .containsEntry("kind", workload.kind())
                    .containsEntry("name", workload.name());
            assertThat(Integer.parseInt(autoscaler.string("spec", "minReplicas").orElse("1")))
                    .as(autoscaler.id())
                    .isGreaterThanOrEqualTo(2);
            assertThat(workload.map("spec")).as(workload.id()).doesNotContainKey("replicas");
        }
    }

    @Test
    void runsAtLeastTwoPodsOfEveryServiceThatIsNotAutoscaled() {
        Manifests manifests = production();
        List<String> autoscaled = manifests.ofKind("HorizontalPodAutoscaler").stream()
                .map(h -> String.valueOf(h.get("spec", "scaleTargetRef", "name")))
                .toList();

        for (Platform.SpringService service : Platform.servicesIn(manifests)) {
            K8sObject workload = manifests.workload(service.name()).orElseThrow();
            if (!autoscaled.contains(workload.name())) {
                assertThat(Integer.parseInt(workload.string("spec", "replicas").orElse("1")))
                        .as(workload.id())
                        .isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void spreadsThePodsOfEveryServiceOverNodes() {
        Manifests manifests = production();

        for (Platform.SpringService service : Platform.servicesIn(manifests)) {
            K8sObject workload = manifests.workload(service.name()).orElseThrow();
            List<Map<String, Object>> terms = asMaps(K8sObject.at(
                    workload.podSpec(),
                    "affinity",
                    "podAntiAffinity",
                    "preferredDuringSchedulingIgnoredDuringExecution"));
            assertThat(terms).as(workload.id()).anySatisfy(term -> {
                Map<String, Object> podTerm = asMap(term.get("podAffinityTerm"));
                assertThat(podTerm.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
                assertThat(Policies.selects(asMap(podTerm.get("labelSelector")), workload.podLabels()))
                        .isTrue();
            });
        }
    }

    @Test
    void publishesOnlyTheApiAndOnlyOverTls() {
        K8sObject ingress = production().get("Ingress", "gateway");

        assertThat(ingress.maps("spec", "tls")).isNotEmpty();
        assertThat(ingress.maps("spec", "rules"))
                .allSatisfy(rule -> assertThat(asMaps(K8sObject.at(rule, "http", "paths")))
                        .extracting(path -> path.get("path"))
                        .containsOnly("/api"));
    }

    private static int replicasWithRole(List<K8sObject> pools, String role) {
        return pools.stream()
                .filter(pool -> asStrings(pool.get("spec", "roles")).contains(role))
                .mapToInt(
                        pool -> Integer.parseInt(pool.string("spec", "replicas").orElse("0")))
                .sum();
    }
}
