package dev.shopfloor.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The workshop overlay fits a 4-CPU / 8 GB local cluster (kind, minikube): Shopfloor requests at most 3.5 CPUs and
 * 6 GiB in all, leaving the rest to Kubernetes and the two operators, and runs one of everything.
 */
class WorkshopOverlayTest {

    static final BigDecimal MAX_CPU = new BigDecimal("3.5");
    static final BigDecimal MAX_MEMORY = ResourceBudget.GIB.multiply(BigDecimal.valueOf(6));

    @Test
    void requestsAtMostThreeAndAHalfCpusAndSixGibibytesInAll() {
        ResourceBudget budget = ResourceBudget.of(Kustomize.render(Repository.WORKSHOP));

        assertThat(budget.unbudgeted()).as("parts without requests").isEmpty();
        assertThat(budget.cpu()).as(budget.toString()).isLessThanOrEqualTo(MAX_CPU);
        assertThat(budget.memoryBytes()).as(budget.toString()).isLessThanOrEqualTo(MAX_MEMORY);
    }

    @Test
    void countsTheServicesTheAuthServerRedisKafkaTheTopicOperatorAndEveryDatabase() {
        ResourceBudget budget = ResourceBudget.of(Kustomize.render(Repository.WORKSHOP));

        assertThat(budget.parts())
                .hasSize(Platform.servicesIn(Kustomize.render(Repository.WORKSHOP))
                                .size()
                        + 1
                        + 1
                        + 1
                        + Platform.databaseClients().size())
                .anySatisfy(p -> assertThat(p).contains("KafkaNodePool/dual-role"))
                .anySatisfy(p -> assertThat(p).contains("topicOperator"))
                .anySatisfy(p -> assertThat(p).contains("Cluster/orders-db"))
                .anySatisfy(p -> assertThat(p).contains("StatefulSet/redis"))
                .anySatisfy(p -> assertThat(p).contains("StatefulSet/auth-server"))
                .anySatisfy(p -> assertThat(p).contains("Cluster/readmodel-db"));
    }

    @Test
    void seesABudgetThatNoLongerFits() {
        Manifests tooBig = Kustomize.render(Repository.WORKSHOP).with("KafkaNodePool", "dual-role", pool -> {
            pool.map("spec", "resources", "requests").put("memory", "4Gi");
            return pool;
        });

        assertThat(ResourceBudget.of(tooBig).memoryBytes()).isGreaterThan(MAX_MEMORY);
    }

    @Test
    void runsOneReplicaOfEverything() {
        Manifests manifests = Kustomize.render(Repository.WORKSHOP);

        assertThat(manifests.workloads())
                .allSatisfy(
                        w -> assertThat(w.string("spec", "replicas")).as(w.id()).contains("1"));
        assertThat(manifests.ofKind("KafkaNodePool"))
                .allSatisfy(
                        p -> assertThat(p.string("spec", "replicas")).as(p.id()).contains("1"));
        assertThat(manifests.ofKind("Cluster"))
                .allSatisfy(c ->
                        assertThat(c.string("spec", "instances")).as(c.id()).contains("1"));
    }
}
