package dev.shopfloor.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every rendered object parses into a published Java model, strictly: the core Kubernetes objects into fabric8's
 * model (fabric8 8 is built on Jackson 3), Strimzi's custom resources into Strimzi's own model (built on Jackson 2),
 * with unknown fields rejected. CloudNativePG publishes no Java model; its Clusters are checked for the fields the
 * platform relies on ({@link Policies#databases}); nor does prometheus-operator in this build, whose PodMonitors and
 * PrometheusRule are checked the same way ({@link Policies#metricsScrape}, ObservabilityTest).
 */
class ModelTest {

    /** API groups of core Kubernetes objects: fabric8 must know each kind of them. */
    private static final Set<String> CORE_GROUPS =
            Set.of("", "apps", "policy", "autoscaling", "batch", "networking.k8s.io", "rbac.authorization.k8s.io");

    private static final Map<String, Class<?>> STRIMZI_KINDS =
            Map.of("Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class);

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization(
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build(),
            true);

    private static final com.fasterxml.jackson.databind.ObjectMapper STRIMZI =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void parsesEveryCoreObjectIntoTheKubernetesModelWithNoUnknownField(String target) {
        List<String> problems = new ArrayList<>();
        for (K8sObject object : Kustomize.render(target).objects()) {
            if (CORE_GROUPS.contains(object.group())) {
                problems.addAll(kubernetesProblems(object));
            }
        }
        assertThat(problems).as(target).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void parsesEveryStrimziResourceIntoStrimzisModelWithNoUnknownField(String target) {
        List<String> problems = new ArrayList<>();
        for (K8sObject object : Kustomize.render(target).objects()) {
            if (object.group().equals("kafka.strimzi.io")) {
                problems.addAll(strimziProblems(object));
            }
        }
        assertThat(problems).as(target).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void rendersOnlyApiGroupsThatAreChecked(String target) {
        assertThat(Kustomize.render(target).objects())
                .as("%s: a new API group needs a check here (a model, or structural checks)", target)
                .extracting(K8sObject::group)
                .allMatch(group -> CORE_GROUPS.contains(group)
                        || group.equals("kafka.strimzi.io")
                        || group.equals("postgresql.cnpg.io")
                        // prometheus-operator's PodMonitor and PrometheusRule: ObservabilityTest and
                        // Policies.metricsScrape
                        || group.equals("monitoring.coreos.com"));
    }

    @Test
    void rejectsAMisspelledFieldOfADeployment() {
        K8sObject broken =
                Kustomize.render(Repository.BASE).get("Deployment", "gateway").copy();
        Map<String, Object> container = broken.containers().getFirst();
        container.put("readinesProbe", container.remove("readinessProbe"));

        assertThat(kubernetesProblems(broken)).singleElement().asString().contains("readinesProbe");
    }

    @Test
    void rejectsAnUnknownFieldOfAKafkaTopic() {
        K8sObject broken = Kustomize.render(Repository.BASE)
                .get("KafkaTopic", "order-events")
                .copy();
        broken.map("spec").put("partition", 6);

        assertThat(strimziProblems(broken)).singleElement().asString().contains("partition");
    }

    @Test
    void rejectsAnUnknownFieldNestedInTheKubernetesPartOfAStrimziResource() {
        K8sObject broken = Kustomize.render(Repository.BASE)
                .get("KafkaNodePool", "dual-role")
                .copy();
        broken.map("spec", "resources").put("request", Map.of("cpu", "1"));

        assertThat(strimziProblems(broken)).singleElement().asString().contains("resources", "request");
    }

    @Test
    void rejectsAFieldOfTheWrongTypeInAKafkaNodePool() {
        K8sObject broken = Kustomize.render(Repository.BASE)
                .get("KafkaNodePool", "dual-role")
                .copy();
        broken.map("spec").put("replicas", "three");

        assertThat(strimziProblems(broken)).isNotEmpty();
    }

    @Test
    void readsTheRenderedGatewayDeploymentAsAFabric8Deployment() {
        K8sObject gateway = Kustomize.render(Repository.BASE).get("Deployment", "gateway");

        Deployment deployment = KUBERNETES.convertValue(gateway.raw(), Deployment.class);

        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers())
                .singleElement()
                .satisfies(c ->
                        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(Policies.READINESS_PATH));
    }

    private static List<String> kubernetesProblems(K8sObject object) {
        Class<? extends KubernetesResource> type =
                KUBERNETES.getRegisteredKubernetesResource(object.apiVersion(), object.kind());
        if (type == null) {
            return List.of(
                    object.id() + ": " + object.apiVersion() + " " + object.kind() + " is not in the Kubernetes model");
        }
        try {
            Object parsed = KUBERNETES.convertValue(object.raw(), type);
            return StrictModel.unknownFields(parsed).stream()
                    .map(p -> object.id() + p)
                    .toList();
        } catch (RuntimeException e) {
            return List.of(object.id() + ": " + e.getMessage());
        }
    }

    private static List<String> strimziProblems(K8sObject object) {
        Class<?> type = STRIMZI_KINDS.get(object.kind());
        if (type == null) {
            return List.of(object.id() + ": no Strimzi model class for " + object.kind());
        }
        try {
            Object parsed = STRIMZI.convertValue(object.raw(), type);
            List<String> problems = new ArrayList<>();
            // The model of this build reads kafka.strimzi.io/v1; older API versions are not checked by it.
            if (!object.apiVersion().equals("kafka.strimzi.io/v1")) {
                problems.add(object.id() + " is " + object.apiVersion() + ", not kafka.strimzi.io/v1");
            }
            StrictModel.unknownFields(parsed).forEach(p -> problems.add(object.id() + p));
            return problems;
        } catch (IllegalArgumentException e) {
            return List.of(object.id() + ": " + e.getMessage());
        }
    }
}
