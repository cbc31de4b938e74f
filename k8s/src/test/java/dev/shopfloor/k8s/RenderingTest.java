package dev.shopfloor.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The base and every overlay render with {@code kubectl kustomize}, into well-formed objects of one namespace, with
 * every part of the platform that belongs in each (and no other).
 */
class RenderingTest {

    private static final String NAMESPACE = "shopfloor";

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void rendersObjectsThatEachHaveAnApiVersionAKindAndAName(String target) {
        List<K8sObject> objects = Kustomize.render(target).objects();

        assertThat(objects).isNotEmpty();
        assertThat(objects)
                .filteredOn(o -> o.apiVersion().isBlank()
                        || o.kind().isBlank()
                        || o.name().isBlank())
                .extracting(K8sObject::raw)
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void putsEveryObjectIntoTheShopfloorNamespaceOnce(String target) {
        List<K8sObject> objects = Kustomize.render(target).objects();

        assertThat(objects)
                .as("objects outside the namespace %s", NAMESPACE)
                .filteredOn(o ->
                        !o.is("Namespace") && !o.string("metadata", "namespace").equals(Optional.of(NAMESPACE)))
                .extracting(K8sObject::id)
                .isEmpty();
        assertThat(objects)
                .filteredOn(o -> o.is("Namespace"))
                .extracting(K8sObject::name)
                .containsExactly(NAMESPACE);
        Set<String> seen = new HashSet<>();
        assertThat(objects)
                .as("objects rendered twice")
                .filteredOn(o -> !seen.add(o.apiVersion() + " " + o.id()))
                .extracting(K8sObject::id)
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void rendersEveryPartOfThePlatform(String target) {
        Manifests manifests = Kustomize.render(target);

        assertThat(Policies.parts(manifests)).isEmpty();
        assertThat(manifests.ofKind("Kafka")).hasSize(1);
        assertThat(manifests.ofKind("KafkaNodePool")).isNotEmpty();
        assertThat(manifests.ofKind("Cluster"))
                .extracting(K8sObject::name)
                .containsExactlyInAnyOrderElementsOf(Platform.databaseClients().keySet());
        assertThat(manifests.find("StatefulSet", "redis")).isPresent();
        assertThat(manifests.find("Ingress", "gateway")).isPresent();
    }

    @Test
    void deploysTheReadModelEverywhereAndTheAuthServerInTheWorkshopOnly() {
        assertThat(Kustomize.render(Repository.WORKSHOP).workload(Platform.READ_MODEL_SERVICE))
                .isPresent();
        assertThat(Kustomize.render(Repository.WORKSHOP).workload(Platform.AUTH_SERVER))
                .isPresent();
        for (String target : List.of(Repository.BASE, Repository.PRODUCTION)) {
            Manifests manifests = Kustomize.render(target);
            assertThat(manifests.workload(Platform.READ_MODEL_SERVICE))
                    .as(target)
                    .isPresent();
            assertThat(manifests.workload(Platform.AUTH_SERVER)).as(target).isEmpty();
        }
    }
}
