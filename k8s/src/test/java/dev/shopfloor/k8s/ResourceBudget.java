package dev.shopfloor.k8s;

import static dev.shopfloor.k8s.K8sObject.asMap;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the rendered platform asks the scheduler for: the sum of CPU and memory requests over every pod it runs,
 * including the pods the operators create from custom resources (Kafka nodes, the topic operator, Postgres instances).
 * A part that declares no request counts as a problem, since it could not be budgeted.
 *
 * @param cpu requested CPUs
 * @param memoryBytes requested memory, in bytes
 * @param parts each part counted, for messages ({@code 5 x Deployment/gateway})
 * @param unbudgeted parts without a CPU or memory request
 */
record ResourceBudget(BigDecimal cpu, BigDecimal memoryBytes, List<String> parts, List<String> unbudgeted) {

    static final BigDecimal GIB = BigDecimal.valueOf(1024L * 1024 * 1024);

    static ResourceBudget of(Manifests manifests) {
        Tally tally = new Tally();
        for (K8sObject workload : manifests.workloads()) {
            int replicas = Integer.parseInt(workload.string("spec", "replicas").orElse("1"));
            for (Map<String, Object> container : workload.containers()) {
                tally.add(workload.id() + " " + container.get("name"), replicas, asMap(container.get("resources")));
            }
        }
        for (K8sObject pool : manifests.ofKind("KafkaNodePool")) {
            int replicas = Integer.parseInt(pool.string("spec", "replicas").orElse("0"));
            tally.add(pool.id(), replicas, pool.map("spec", "resources"));
        }
        for (K8sObject kafka : manifests.ofKind("Kafka")) {
            Map<String, Object> entityOperator = kafka.map("spec", "entityOperator");
            for (String operator : List.of("topicOperator", "userOperator")) {
                if (entityOperator.containsKey(operator)) {
                    tally.add(
                            kafka.id() + " " + operator,
                            1,
                            asMap(asMap(entityOperator.get(operator)).get("resources")));
                }
            }
        }
        for (K8sObject cluster : manifests.ofKind("Cluster")) {
            int instances = Integer.parseInt(cluster.string("spec", "instances").orElse("1"));
            tally.add(cluster.id(), instances, cluster.map("spec", "resources"));
        }
        return new ResourceBudget(tally.cpu, tally.memory, List.copyOf(tally.parts), List.copyOf(tally.unbudgeted));
    }

    BigDecimal memoryGib() {
        return memoryBytes.divide(GIB, 3, java.math.RoundingMode.HALF_UP);
    }

    @Override
    public String toString() {
        return cpu.stripTrailingZeros().toPlainString() + " CPU, " + memoryGib() + " GiB over " + parts;
    }

    private static final class Tally {
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        final List<String> parts = new ArrayList<>();
        final List<String> unbudgeted = new ArrayList<>();

        void add(String part, int count, Map<String, Object> resources) {
            Map<String, Object> requests = asMap(resources.get("requests"));
            Object cpuRequest = requests.get("cpu");
            Object memoryRequest = requests.get("memory");
            if (cpuRequest == null || memoryRequest == null) {
                unbudgeted.add(part);
                return;
            }
            parts.add(count + " x " + part);
            BigDecimal times = BigDecimal.valueOf(count);
            cpu = cpu.add(new Quantity(String.valueOf(cpuRequest))
                    .getNumericalAmount()
                    .multiply(times));
            memory = memory.add(Quantity.getAmountInBytes(new Quantity(String.valueOf(memoryRequest)))
                    .multiply(times));
        }
    }
}
