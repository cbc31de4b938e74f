package dev.shopfloor.k8s;

import static dev.shopfloor.k8s.K8sObject.asMap;
import static dev.shopfloor.k8s.K8sObject.asMaps;
import static dev.shopfloor.k8s.K8sObject.asStrings;

import dev.shopfloor.k8s.Platform.SpringService;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every rendered Kustomize target must keep. Each rule returns the violations it finds, one readable line
 * each, so that a test can assert there are none and another test can prove, on a deliberately broken copy, that the
 * rule does find what it is there to find.
 */
final class Policies {

    /** The secret CloudNativePG generates for a cluster's application owner: {@code <cluster>-app}. */
    static final String CNPG_APP_SECRET_SUFFIX = "-app";

    /** The keys CloudNativePG writes into a {@code <cluster>-app} secret (its documentation, "Connecting"). */
    static final Set<String> CNPG_APP_SECRET_KEYS = Set.of(
            "username", "password", "dbname", "host", "port", "uri", "jdbc-uri", "pgpass", "fqdn-uri", "fqdn-jdbc-uri");

    static final String LIVENESS_PATH = "/actuator/health/liveness";
    static final String READINESS_PATH = "/actuator/health/readiness";

    /** Spring Boot's default {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    private static final Duration DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

    /** Kubernetes' default {@code terminationGracePeriodSeconds}. */
    private static final int DEFAULT_GRACE_SECONDS = 30;

    /**
     * Environment variables that set a property of the messaging library rather than of the service's
     * application.yml: {@code shopfloor.messaging.topics.replicas} (MessagingProperties.TopicSettings).
     */
    private static final Set<String> LIBRARY_VARIABLES = Set.of("SHOPFLOOR_MESSAGING_TOPICS_REPLICAS");

    /** The variable that names the OAuth issuer every service trusts (spring.security.oauth2.resourceserver.jwt). */
    static final String ISSUER_VARIABLE = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI";

    /** The auth server's own issuer setting ({@code shopfloor.auth.issuer}, a placeholder of its application.yml). */
    static final String AUTH_ISSUER_VARIABLE = "SHOPFLOOR_AUTH_ISSUER";

    /** Where a service sends its spans (Zipkin v2 JSON over HTTP): {@code management.tracing.export.zipkin.endpoint}. */
    static final String TRACING_ENDPOINT_VARIABLE = "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT";

    /** The share of traces a service starts that it keeps: {@code management.tracing.sampling.probability}. */
    static final String SAMPLING_VARIABLE = "MANAGEMENT_TRACING_SAMPLING_PROBABILITY";

    /** Spring Boot's structured console logs: {@code logging.structured.format.console}. */
    static final String LOG_FORMAT_VARIABLE = "LOGGING_STRUCTURED_FORMAT_CONSOLE";

    /** The structured log format every Spring service writes in Kubernetes: Elastic Common Schema JSON, MDC included. */
    static final String LOG_FORMAT = "ecs";

    /** Where Micrometer's Prometheus registry answers, on the actuator's port. */
    static final String PROMETHEUS_PATH = "/actuator/prometheus";

    /** How {@link #environment} shows a variable taken from a secret: {@code [secret <name>/<key>]}. */
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\[secret ([^/]+)/([^\\]]+)]");

    /** Name lookups: port 53 at any address, whatever the cluster's DNS is. */
    static final Set<String> DNS = Set.of(Platform.ANY_SOURCE + ":53/UDP", Platform.ANY_SOURCE + ":53");

    private Policies() {}

    /** Every container has a startup, a liveness and a readiness probe. */
    static List<String> probes(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        forEachContainer(manifests, (workload, container) -> {
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                if (asMap(container.get(probe)).isEmpty()) {
                    violations.add(where(workload, container) + " has no " + probe);
                }
            }
        });
        return violations;
    }

    /** Every container, init containers included, requests and limits both CPU and memory. */
    static List<String> resources(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (K8sObject workload : manifests.workloads()) {
            List<Map<String, Object>> all = new ArrayList<>(workload.containers());
            all.addAll(asMaps(workload.podSpec().get("initContainers")));
            for (Map<String, Object> container : all) {
                Map<String, Object> resources = asMap(container.get("resources"));
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (asMap(resources.get(bound)).get(resource) == null) {
                            violations.add(where(workload, container) + " has no " + bound + "." + resource);
                        }
                    }
                }
            }
        }
        return violations;
    }

    /**
     * Every container runs as a non-root user, cannot gain privileges, has a read-only root filesystem, no Linux
     * capabilities and the runtime's default seccomp profile; no pod shares the host's namespaces or mounts a service
     * account token it does not need.
     */
    static List<String> security(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (K8sObject workload : manifests.workloads()) {
            Map<String, Object> pod = workload.podSpec();
            Map<String, Object> podSecurity = asMap(pod.get("securityContext"));
            for (String hostNamespace : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (Boolean.TRUE.equals(pod.get(hostNamespace))) {
                    violations.add(workload.id() + " sets " + hostNamespace);
                }
            }
            if (!Boolean.FALSE.equals(pod.get("automountServiceAccountToken"))) {
                violations.add(workload.id() + " mounts a service account token (automountServiceAccountToken)");
            }
            for (Map<String, Object> container : workload.containers()) {
                Map<String, Object> security = asMap(container.get("securityContext"));
                String where = where(workload, container);
                if (!Boolean.TRUE.equals(firstNonNull(security.get("runAsNonRoot"), podSecurity.get("runAsNonRoot")))) {
                    violations.add(where + " does not set runAsNonRoot: true");
                }
                Object user = firstNonNull(security.get("runAsUser"), podSecurity.get("runAsUser"));
                if (user != null && Integer.parseInt(String.valueOf(user)) == 0) {
                    violations.add(where + " runs as uid 0");
                }
                if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                    violations.add(where + " does not set allowPrivilegeEscalation: false");
                }
                if (Boolean.TRUE.equals(security.get("privileged"))) {
                    violations.add(where + " is privileged");
                }
                if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
                    violations.add(where + " does not set readOnlyRootFilesystem: true");
                }
                if (!asStrings(K8sObject.at(security, "capabilities", "drop")).contains("ALL")) {
                    violations.add(where + " does not drop ALL capabilities");
                }
                if (!asStrings(K8sObject.at(security, "capabilities", "add")).isEmpty()) {
                    violations.add(where + " adds capabilities");
                }
                Object seccomp = firstNonNull(
                        K8sObject.at(security, "seccompProfile", "type"),
                        K8sObject.at(podSecurity, "seccompProfile", "type"));
                if (!"RuntimeDefault".equals(seccomp)) {
                    violations.add(where + " does not use the RuntimeDefault seccomp profile");
                }
            }
        }
        return violations;
    }

    /**
     * Every Spring service can write its temporary files although its root filesystem is read-only: /tmp is an
     * emptyDir.
     */
    static List<String> writableTmp(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (SpringService service : Platform.servicesIn(manifests)) {
            Optional<K8sObject> found = manifests.workload(service.name());
            if (found.isEmpty()) {
                continue; // springWiring reports the missing workload
            }
            K8sObject workload = found.get();
            Map<String, Object> container = workload.containers().getFirst();
            Optional<String> volume = asMaps(container.get("volumeMounts")).stream()
                    .filter(m -> "/tmp".equals(m.get("mountPath")))
                    .map(m -> String.valueOf(m.get("name")))
                    .findFirst();
            boolean emptyDir = volume.isPresent()
                    && asMaps(workload.podSpec().get("volumes")).stream()
                            .anyMatch(v -> volume.get().equals(v.get("name")) && v.containsKey("emptyDir"));
            if (!emptyDir) {
                violations.add(where(workload, container) + " has no emptyDir mounted at /tmp");
            }
        }
        return violations;
    }

    /**
     * Every image is pinned to a tag other than {@code latest} (or to a digest); Shopfloor's own images are the ones
     * the Jib profile builds: {@code <registry>/shopfloor/<module>:<project version>}.
     */
    static List<String> images(Manifests manifests, String projectVersion) {
        List<String> violations = new ArrayList<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (K8sObject workload : manifests.workloads()) {
            List<Map<String, Object>> all = new ArrayList<>(workload.containers());
            all.addAll(asMaps(workload.podSpec().get("initContainers")));
            for (Map<String, Object> container : all) {
                images.put(where(workload, container), String.valueOf(container.get("image")));
            }
        }
        for (K8sObject cluster : manifests.ofKind("Cluster")) {
            cluster.string("spec", "imageName").ifPresent(image -> images.put(cluster.id(), image));
        }
        images.forEach((where, image) -> {
            ImageReference reference = ImageReference.parse(image);
            if (reference.tag() == null && reference.digest() == null) {
                violations.add(where + " uses an untagged image: " + image);
            } else if ("latest".equals(reference.tag())) {
                violations.add(where + " uses the latest tag: " + image);
            }
            if (reference.repository().contains("/shopfloor/")) {
                String module =
                        reference.repository().substring(reference.repository().lastIndexOf('/') + 1);
                if (!Platform.isService(module)) {
                    violations.add(where + " uses " + image + ", which no Shopfloor module builds");
                }
                if (!projectVersion.equals(reference.tag())) {
                    violations.add(where + " uses " + image + ", not the project version " + projectVersion);
                }
            }
        });
        return violations;
    }

    /**
     * Every Service selects the pods of a workload, and its target port is a port of their container: a Service that
     * selects nothing answers nothing.
     */
    static List<String> serviceSelectors(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (K8sObject service : manifests.ofKind("Service")) {
            Map<String, Object> selector = service.map("spec", "selector");
            if (selector.isEmpty()) {
                violations.add(service.id() + " selects no pods");
                continue;
            }
            List<K8sObject> selected = manifests.workloads().stream()
                    .filter(w -> labelsMatch(selector, w.podLabels()))
                    .toList();
            if (selected.isEmpty()) {
                violations.add(service.id() + " selects " + selector + ", which no workload's pods carry");
                continue;
            }
            for (Map<String, Object> port : service.maps("spec", "ports")) {
                Object target = port.getOrDefault("targetPort", port.get("port"));
                for (K8sObject workload : selected) {
                    if (resolvePort(workload.containers(), target).isEmpty()) {
                        violations.add(service.id() + " targets port " + target + ", which " + workload.id()
                                + " does not expose");
                    }
                }
            }
        }
        return violations;
    }

    /**
     * Every ConfigMap and Secret a pod references exists in the rendered output, with the referenced key. The one
     * exception is named explicitly: the {@code <cluster>-app} secrets that CloudNativePG generates for a Cluster that
     * is rendered, and only with the keys CloudNativePG writes into them.
     */
    static List<String> references(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (K8sObject workload : manifests.workloads()) {
            List<Map<String, Object>> all = new ArrayList<>(workload.containers());
            all.addAll(asMaps(workload.podSpec().get("initContainers")));
            for (Map<String, Object> container : all) {
                String where = where(workload, container);
                for (Map<String, Object> source : asMaps(container.get("envFrom"))) {
                    referenced(manifests, "ConfigMap", source.get("configMapRef"), null, where, violations);
                    referenced(manifests, "Secret", source.get("secretRef"), null, where, violations);
                }
                for (Map<String, Object> variable : asMaps(container.get("env"))) {
                    Map<String, Object> from = asMap(variable.get("valueFrom"));
                    Map<String, Object> configMapKey = asMap(from.get("configMapKeyRef"));
                    if (!configMapKey.isEmpty()) {
                        referenced(manifests, "ConfigMap", configMapKey, configMapKey.get("key"), where, violations);
                    }
                    Map<String, Object> secretKey = asMap(from.get("secretKeyRef"));
                    if (!secretKey.isEmpty()) {
                        referenced(manifests, "Secret", secretKey, secretKey.get("key"), where, violations);
                    }
                }
            }
            for (Map<String, Object> volume : asMaps(workload.podSpec().get("volumes"))) {
                String where = workload.id() + " volume " + volume.get("name");
                Map<String, Object> configMap = asMap(volume.get("configMap"));
                if (!configMap.isEmpty()) {
                    referenced(manifests, "ConfigMap", configMap, null, where, violations);
                    for (Map<String, Object> item : asMaps(configMap.get("items"))) {
                        referenced(manifests, "ConfigMap", configMap, item.get("key"), where, violations);
                    }
                }
                Map<String, Object> secret = asMap(volume.get("secret"));
                if (!secret.isEmpty()) {
                    Map<String, Object> named = Map.of("name", String.valueOf(secret.get("secretName")));
                    referenced(manifests, "Secret", named, null, where, violations);
                    for (Map<String, Object> item : asMaps(secret.get("items"))) {
                        referenced(manifests, "Secret", named, item.get("key"), where, violations);
                    }
                }
            }
        }
        return violations;
    }

    /**
     * Each Spring service is wired as its own configuration says: the container port, SERVER_PORT, the Service port
     * and {@code server.port} of its application.yml agree; the probes ask the actuator's health groups on the
     * actuator's port ({@code management.server.port}, else that one);
     * it gets exactly the infrastructure settings it needs, through standard Spring variables (and
     * {@code SHOPFLOOR_*} variables of properties that exist); and every URL it is given points at something that is
     * rendered, on the right port.
     */
    static List<String> springWiring(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (SpringService service : Platform.servicesIn(manifests)) {
            Optional<K8sObject> found = manifests.workload(service.name());
            if (found.isEmpty()) {
                violations.add(manifests.target() + " has no workload with pods labelled " + Labels.NAME + "="
                        + service.name());
                continue;
            }
            K8sObject workload = found.get();
            Map<String, Object> container = workload.containers().getFirst();
            String where = where(workload, container);
            Map<String, String> env = environment(manifests, container);
            int configured = service.configuredPort();

            Optional<Integer> http = resolvePort(List.of(container), "http");
            if (http.isEmpty()) {
                violations.add(where + " has no container port named http");
            } else if (http.get() != configured) {
                violations.add(
                        where + " exposes " + http.get() + ", but application.yml says server.port " + configured);
            }
            if (!String.valueOf(configured).equals(env.get("SERVER_PORT"))) {
                violations.add(where + " sets SERVER_PORT=" + env.get("SERVER_PORT") + ", but application.yml says "
                        + configured);
            }
            int actuator = service.managementPort();
            checkProbe(container, "startupProbe", LIVENESS_PATH, actuator, where, violations);
            checkProbe(container, "livenessProbe", LIVENESS_PATH, actuator, where, violations);
            checkProbe(container, "readinessProbe", READINESS_PATH, actuator, where, violations);

            Optional<K8sObject> serviceObject = manifests.find("Service", service.name());
            if (serviceObject.isEmpty()) {
                violations.add(manifests.target() + " has no Service " + service.name());
            } else if (serviceObject.get().maps("spec", "ports").stream()
                    .noneMatch(p -> String.valueOf(configured).equals(String.valueOf(p.get("port"))))) {
                violations.add(serviceObject.get().id() + " does not listen on " + configured
                        + ", the port other services' URLs use");
            }

            checkVariables(service, env, where, violations);
            checkUrls(manifests, service, env, where, violations);
        }
        return violations;
    }

    /**
     * Every Spring service shuts down without dropping a request: Spring's graceful shutdown is on, a preStop pause
     * lets endpoint removal spread first, and the termination grace period outlasts both.
     */
    static List<String> gracefulShutdown(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (SpringService service : Platform.servicesIn(manifests)) {
            Optional<K8sObject> found = manifests.workload(service.name());
            if (found.isEmpty()) {
                continue;
            }
            K8sObject workload = found.get();
            Map<String, Object> container = workload.containers().getFirst();
            String where = where(workload, container);
            Map<String, String> env = environment(manifests, container);
            Object shutdown = env.containsKey("SERVER_SHUTDOWN")
                    ? env.get("SERVER_SHUTDOWN")
                    : service.applicationProperties().get("server.shutdown");
            if (!"graceful".equals(shutdown)) {
                violations.add(where + " does not shut down gracefully (SERVER_SHUTDOWN=graceful)");
            }
            Optional<Integer> pause = preStopSeconds(container);
            if (pause.isEmpty()) {
                violations.add(where + " has no preStop pause");
            }
            Duration phase = Optional.ofNullable(env.get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"))
                    .map(Policies::duration)
                    .orElse(DEFAULT_SHUTDOWN_PHASE);
            int grace = Optional.ofNullable(workload.podSpec().get("terminationGracePeriodSeconds"))
                    .map(v -> Integer.parseInt(String.valueOf(v)))
                    .orElse(DEFAULT_GRACE_SECONDS);
            long needed = pause.orElse(0) + phase.toSeconds();
            if (grace <= needed) {
                violations.add(where + " gets " + grace + " s to terminate, not more than the preStop pause plus "
                        + "the shutdown phase (" + needed + " s)");
            }
        }
        return violations;
    }

    /** Every Spring service has one PodDisruptionBudget, and it lets exactly one pod go at a time. */
    static List<String> disruptionBudgets(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (SpringService service : Platform.servicesIn(manifests)) {
            Optional<K8sObject> workload = manifests.workload(service.name());
            if (workload.isEmpty()) {
                continue;
            }
            List<K8sObject> budgets = manifests.ofKind("PodDisruptionBudget").stream()
                    .filter(pdb ->
                            selects(pdb.map("spec", "selector"), workload.get().podLabels()))
                    .toList();
            if (budgets.size() != 1) {
                violations.add(
                        workload.get().id() + " is covered by " + budgets.size() + " PodDisruptionBudgets, not 1");
                continue;
            }
            K8sObject budget = budgets.getFirst();
            Object maxUnavailable = budget.get("spec", "maxUnavailable");
            Object minAvailable = budget.get("spec", "minAvailable");
            Object replicas = workload.get().get("spec", "replicas");
            boolean oneAtATime = "1".equals(String.valueOf(maxUnavailable))
                    || (minAvailable != null
                            && replicas != null
                            && Integer.parseInt(String.valueOf(minAvailable))
                                    == Integer.parseInt(String.valueOf(replicas)) - 1);
            if (!oneAtATime) {
                violations.add(budget.id() + " does not allow exactly one disruption (maxUnavailable: 1)");
            }
        }
        return violations;
    }

    /**
     * Ingress is denied by default, and every workload is also selected by a policy of its own that says who may
     * call it.
     */
    static List<String> networkCoverage(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        List<K8sObject> policies = manifests.ofKind("NetworkPolicy");
        boolean defaultDeny = policies.stream()
                .anyMatch(p -> p.map("spec", "podSelector").isEmpty()
                        && asStrings(p.get("spec", "policyTypes")).contains("Ingress")
                        && p.maps("spec", "ingress").isEmpty());
        if (!defaultDeny) {
            violations.add(manifests.target() + " has no default-deny ingress NetworkPolicy (podSelector: {})");
        }
        for (K8sObject workload : manifests.workloads()) {
            boolean covered = policies.stream()
                    .anyMatch(p -> !p.map("spec", "podSelector").isEmpty()
                            && asStrings(p.get("spec", "policyTypes")).contains("Ingress")
                            && selects(p.map("spec", "podSelector"), workload.podLabels()));
            if (!covered) {
                violations.add(workload.id() + " is selected by no NetworkPolicy of its own");
            }
        }
        return violations;
    }

    /**
     * Each server admits exactly the callers DESIGN.md §3 lists, and every observed service Prometheus' namespace too:
     * the gateway anyone; each service its callers; each
     * database its owner (plus read-model-service where it replicates, plus its own instances and the operator);
     * Redis its three clients; Kafka's listeners the services that use Kafka.
     */
    static List<String> networkCallers(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        for (SpringService service : Platform.servicesIn(manifests)) {
            manifests.workload(service.name()).ifPresent(workload -> {
                Set<String> admitted = admittedSources(manifests, workload.podLabels());
                Set<String> expected = new TreeSet<>(service.callers());
                if (Platform.OBSERVED.contains(service.name())) {
                    // Prometheus, on the actuator's port only (metricsScrape checks the port).
                    expected.add("namespace:" + Platform.MONITORING_NAMESPACE);
                }
                if (!admitted.equals(expected)) {
                    violations.add(workload.id() + " admits " + admitted + ", DESIGN.md §3 says " + expected);
                }
            });
        }
        manifests.workload("redis").ifPresent(redis -> {
            Set<String> admitted = admittedSources(manifests, redis.podLabels());
            if (!admitted.equals(new TreeSet<>(Platform.REDIS_CLIENTS))) {
                violations.add(redis.id() + " admits " + admitted + ", DESIGN.md §3 says "
                        + new TreeSet<>(Platform.REDIS_CLIENTS));
            }
        });
        Map<String, Set<String>> databaseClients = Platform.databaseClients();
        for (K8sObject cluster : manifests.ofKind("Cluster")) {
            Map<String, Object> podLabels = Map.of("cnpg.io/cluster", cluster.name(), "cnpg.io/podRole", "instance");
            Set<String> expected = new TreeSet<>(databaseClients.getOrDefault(cluster.name(), Set.of()));
            expected.add("pod:cnpg.io/cluster=" + cluster.name());
            expected.add("namespace:cnpg-system");
            Set<String> admitted = admittedSources(manifests, podLabels);
            if (!admitted.equals(expected)) {
                violations.add(cluster.id() + " admits " + admitted + ", expected " + expected);
            }
        }
        for (K8sObject kafka : manifests.ofKind("Kafka")) {
            for (Map<String, Object> listener : asMaps(kafka.get("spec", "kafka", "listeners"))) {
                Set<String> admitted = new TreeSet<>();
                List<Map<String, Object>> peers = asMaps(listener.get("networkPolicyPeers"));
                if (peers.isEmpty()) {
                    admitted.add(Platform.ANY_SOURCE);
                }
                peers.forEach(peer -> admitted.addAll(peerNames(peer)));
                if (!admitted.equals(new TreeSet<>(Platform.kafkaClients()))) {
                    violations.add(kafka.id() + " listener " + listener.get("name") + " admits " + admitted
                            + ", DESIGN.md §3 says " + new TreeSet<>(Platform.kafkaClients()));
                }
            }
        }
        return violations;
    }

    /**
     * Every topic of DESIGN.md §5 and its dead-letter topic has a KafkaTopic of the rendered Kafka cluster with 6
     * partitions, a replication factor the brokers can hold and a min.insync.replicas below it; the services declare
     * their topics with the same replication factor.
     */
    static List<String> kafkaTopics(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        Set<String> clusters = new LinkedHashSet<>();
        manifests.ofKind("Kafka").forEach(k -> clusters.add(k.name()));
        int brokers = manifests.ofKind("KafkaNodePool").stream()
                .filter(pool -> asStrings(pool.get("spec", "roles")).contains("broker"))
                .mapToInt(
                        pool -> Integer.parseInt(pool.string("spec", "replicas").orElse("0")))
                .sum();
        Map<String, K8sObject> byTopic = new LinkedHashMap<>();
        for (K8sObject topic : manifests.ofKind("KafkaTopic")) {
            byTopic.put(topic.string("spec", "topicName").orElse(topic.name()), topic);
        }
        Set<String> replicationFactors = new TreeSet<>();
        for (String name : Platform.TOPICS) {
            for (String topicName : List.of(name, name + ".DLT")) {
                K8sObject topic = byTopic.get(topicName);
                if (topic == null) {
                    violations.add(manifests.target() + " has no KafkaTopic for " + topicName);
                    continue;
                }
                String cluster = String.valueOf(topic.map("metadata", "labels").get("strimzi.io/cluster"));
                if (!clusters.contains(cluster)) {
                    violations.add(topic.id() + " belongs to Kafka cluster " + cluster + ", which is not rendered");
                }
                int partitions =
                        Integer.parseInt(topic.string("spec", "partitions").orElse("0"));
                if (partitions != Platform.PARTITIONS) {
                    violations.add(topic.id() + " (" + topicName + ") has " + partitions + " partitions, not "
                            + Platform.PARTITIONS);
                }
                int replicas = Integer.parseInt(topic.string("spec", "replicas").orElse("0"));
                replicationFactors.add(String.valueOf(replicas));
                if (replicas < 1 || replicas > brokers) {
                    violations.add(topic.id() + " has " + replicas + " replicas on " + brokers + " brokers");
                }
                Object minInSync = topic.get("spec", "config", "min.insync.replicas");
                if (minInSync != null && Integer.parseInt(String.valueOf(minInSync)) > Math.max(1, replicas - 1)) {
                    violations.add(topic.id() + " needs " + minInSync + " in-sync replicas of " + replicas
                            + ": losing one broker would stop writes");
                }
            }
        }
        for (SpringService service : Platform.servicesIn(manifests)) {
            if (!service.kafka()) {
                continue;
            }
            manifests.workload(service.name()).ifPresent(workload -> {
                String declared = environment(manifests, workload.containers().getFirst())
                        .getOrDefault("SHOPFLOOR_MESSAGING_TOPICS_REPLICAS", "1");
                if (!replicationFactors.equals(Set.of(declared))) {
                    violations.add(workload.id() + " declares its topics with " + declared
                            + " replicas, the KafkaTopics have " + replicationFactors);
                }
            });
        }
        return violations;
    }

    /**
     * Every database is a CloudNativePG Cluster of the shape the services need: the database and owner the service
     * connects as; where the service has an outbox, {@code wal_level: logical} and the owner with LOGIN and
     * REPLICATION (the outbox relay decodes the WAL through a slot of its own); where read-model-service replicates,
     * logical WAL too and a {@code readmodel} role with LOGIN, REPLICATION and a password ({@link #changeDataCapture}
     * checks that it is read-model-service's).
     */
    static List<String> databases(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> clients = Platform.databaseClients();
        for (SpringService service : Platform.servicesIn(manifests)) {
            if (service.database() == null) {
                continue;
            }
            Optional<K8sObject> found = manifests.find("Cluster", service.database());
            if (found.isEmpty()) {
                violations.add(manifests.target() + " has no CloudNativePG Cluster " + service.database());
                continue;
            }
            K8sObject cluster = found.get();
            if (!"postgresql.cnpg.io/v1".equals(cluster.apiVersion())) {
                violations.add(cluster.id() + " is " + cluster.apiVersion() + ", not postgresql.cnpg.io/v1");
            }
            for (String[] required : List.of(
                    new String[] {"spec", "instances"},
                    new String[] {"spec", "storage", "size"},
                    new String[] {"spec", "bootstrap", "initdb", "database"},
                    new String[] {"spec", "bootstrap", "initdb", "owner"})) {
                if (cluster.get(required) == null) {
                    violations.add(cluster.id() + " has no " + String.join(".", required));
                }
            }
            boolean replicated = clients.get(service.database()).contains(Platform.READ_MODEL_SERVICE)
                    && !service.name().equals(Platform.READ_MODEL_SERVICE);
            if ((service.kafka() || replicated)
                    && !"logical".equals(cluster.get("spec", "postgresql", "parameters", "wal_level"))) {
                violations.add(cluster.id() + " does not set wal_level: logical");
            }
            String owner =
                    cluster.string("spec", "bootstrap", "initdb", "owner").orElse("");
            List<String> replicationRoles = new ArrayList<>();
            if (service.kafka()) {
                replicationRoles.add(owner);
            }
            if (replicated) {
                replicationRoles.add("readmodel");
            }
            for (String role : replicationRoles) {
                Map<String, Object> managed = managedRole(cluster, role);
                if (managed.isEmpty()
                        || !Boolean.TRUE.equals(managed.get("login"))
                        || !Boolean.TRUE.equals(managed.get("replication"))
                        || "absent".equals(managed.get("ensure"))) {
                    violations.add(cluster.id() + " does not manage role " + role + " with login and replication");
                }
            }
        }
        return violations;
    }

    /**
     * read-model-service reads exactly the databases DESIGN.md §6 names, each as a least-privileged login of its own:
     * every source of its application.yml points at the primary of one of those clusters and its database; the login
     * and password come from one secret, whose user each source cluster manages as a role with REPLICATION and that
     * secret as its password, a role that is not the owner but may SELECT the owner's tables; and each source has a
     * Publication of the name read-model-service reads, over exactly the tables its application.yml captures.
     */
    static List<String> changeDataCapture(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        if (Platform.servicesIn(manifests).stream().noneMatch(s -> s.name().equals(Platform.READ_MODEL_SERVICE))) {
            return violations;
        }
        Optional<K8sObject> workload = manifests.workload(Platform.READ_MODEL_SERVICE);
        if (workload.isEmpty()) {
            return violations; // springWiring reports the missing workload
        }
        String where = where(workload.get(), workload.get().containers().getFirst());
        Map<String, String> env =
                environment(manifests, workload.get().containers().getFirst());
        Map<String, Object> properties =
                Platform.service(Platform.READ_MODEL_SERVICE).applicationProperties();
        String publication = env.getOrDefault("SHOPFLOOR_READMODEL_CDC_PUBLICATION", Platform.READ_MODEL_PUBLICATION);
        Pattern sourceUrl = Pattern.compile("jdbc:postgresql://([^:/]+)-rw:5432/(\\w+)");
        Set<String> captured = new TreeSet<>();
        Set<String> sources = new TreeSet<>();
        for (String key : properties.keySet()) {
            Matcher matcher = Pattern.compile("shopfloor\\.readmodel\\.sources\\.(\\w+)\\.url")
                    .matcher(key);
            if (matcher.matches()) {
                sources.add(matcher.group(1));
            }
        }
        for (String source : sources) {
            String prefix = "SHOPFLOOR_READMODEL_SOURCES_" + source.toUpperCase(java.util.Locale.ROOT) + "_";
            String url = env.get(prefix + "URL");
            Matcher matcher = url == null ? null : sourceUrl.matcher(url);
            if (matcher == null || !matcher.matches()) {
                violations.add(where + " " + prefix + "URL=" + url + " is not <cluster>-rw:5432/<database>");
                continue;
            }
            String clusterName = matcher.group(1);
            String database = matcher.group(2);
            captured.add(clusterName);
            Optional<K8sObject> found = manifests.find("Cluster", clusterName);
            if (found.isEmpty()) {
                violations.add(where + " reads source " + source + " from " + clusterName + ", which is not rendered");
                continue;
            }
            K8sObject cluster = found.get();
            if (!Optional.of(database).equals(cluster.string("spec", "bootstrap", "initdb", "database"))) {
                violations.add(where + " reads database " + database + " of " + cluster.id() + ", which creates "
                        + cluster.string("spec", "bootstrap", "initdb", "database")
                                .orElse("none"));
            }
            checkCdcLogin(manifests, cluster, env, prefix, where, violations);
            List<String> tables = Arrays.stream(
                            String.valueOf(properties.get("shopfloor.readmodel.sources." + source + ".tables"))
                                    .split(","))
                    .map(String::trim)
                    .sorted()
                    .toList();
            List<K8sObject> publications = manifests.ofKind("Publication").stream()
                    .filter(p -> Optional.of(clusterName).equals(p.string("spec", "cluster", "name"))
                            && Optional.of(database).equals(p.string("spec", "dbname"))
                            && Optional.of(publication).equals(p.string("spec", "name")))
                    .toList();
            if (publications.size() != 1) {
                violations.add(manifests.target() + " has " + publications.size() + " Publications " + publication
                        + " in " + clusterName + "/" + database + ", not 1");
                continue;
            }
            List<String> published = publications.getFirst().maps("spec", "target", "objects").stream()
                    .map(o -> asMap(o.get("table")))
                    .map(t -> t.getOrDefault("schema", "public") + "." + t.get("name"))
                    .sorted()
                    .toList();
            List<String> expected = tables.stream().map(t -> "public." + t).toList();
            if (!published.equals(expected)) {
                violations.add(publications.getFirst().id() + " publishes " + published + ", read-model-service"
                        + " captures " + expected + " of source " + source);
            }
        }
        if (!captured.equals(new TreeSet<>(Platform.CDC_SOURCES))) {
            violations.add(
                    where + " replicates " + captured + ", DESIGN.md §6 says " + new TreeSet<>(Platform.CDC_SOURCES));
        }
        return violations;
    }

    /**
     * Every service that checks tokens trusts one issuer. Where the auth server is deployed (the workshop), that is
     * its Service, and the auth server issues its tokens under exactly that name; elsewhere it is an external OIDC
     * provider, reached over HTTPS.
     */
    static List<String> issuer(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        Map<String, String> issuers = new LinkedHashMap<>();
        for (SpringService service : Platform.servicesIn(manifests)) {
            if (!Platform.ISSUER_CLIENTS.contains(service.name())) {
                continue;
            }
            manifests.workload(service.name()).ifPresent(workload -> {
                String issuer =
                        environment(manifests, workload.containers().getFirst()).get(ISSUER_VARIABLE);
                if (issuer == null) {
                    violations.add(workload.id() + " does not set " + ISSUER_VARIABLE + ": it cannot check tokens");
                } else {
                    issuers.put(service.name(), issuer);
                }
            });
        }
        Set<String> distinct = new TreeSet<>(issuers.values());
        if (distinct.size() > 1) {
            violations.add(manifests.target() + " has services that trust different issuers: " + issuers);
        }
        if (distinct.size() != 1) {
            return violations;
        }
        URI issuer = URI.create(distinct.iterator().next());
        Optional<K8sObject> authServer = manifests.workload(Platform.AUTH_SERVER);
        boolean deploysAuthServer =
                Platform.servicesIn(manifests).stream().anyMatch(s -> s.name().equals(Platform.AUTH_SERVER));
        if (deploysAuthServer && authServer.isPresent()) {
            int port = Platform.service(Platform.AUTH_SERVER).configuredPort();
            String expected = "http://" + Platform.AUTH_SERVER + ":" + port;
            if (!issuer.toString().equals(expected)) {
                violations.add(manifests.target() + " services trust " + issuer + ", not the auth server " + expected);
            }
            boolean served = manifests
                    .find("Service", Platform.AUTH_SERVER)
                    .map(s -> s.maps("spec", "ports").stream()
                            .anyMatch(p -> String.valueOf(port).equals(String.valueOf(p.get("port")))))
                    .orElse(false);
            if (!served) {
                violations.add(manifests.target() + " has no Service " + Platform.AUTH_SERVER + " on port " + port);
            }
            String issuedAs = environment(
                            manifests, authServer.get().containers().getFirst())
                    .get(AUTH_ISSUER_VARIABLE);
            if (!issuer.toString().equals(issuedAs)) {
                violations.add(authServer.get().id() + " issues tokens as " + AUTH_ISSUER_VARIABLE + "=" + issuedAs
                        + ", the services expect " + issuer);
            }
        } else {
            if (!"https".equals(issuer.getScheme())) {
                violations.add(manifests.target() + " trusts " + issuer + ": an external issuer must use HTTPS");
            }
            if (manifests.find("Service", issuer.getHost()).isPresent()) {
                violations.add(manifests.target() + " trusts " + issuer + ", a Service of its own, but runs no auth"
                        + " server");
            }
        }
        return violations;
    }

    /**
     * Each service connects only where DESIGN.md §3 says it does: once an Egress policy selects its pods, it may
     * look names up (port 53), reach its own database, the databases it replicates, Kafka's brokers, Redis, the
     * services it calls, the OAuth issuer and the trace collector, and nothing else. A destination is {@code <peer>:<port>}: a pod by its
     * app name or labels, {@code ip:<cidr>}, or {@link Platform#ANY_SOURCE} for any address.
     */
    static List<String> networkEgress(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        List<SpringService> services = Platform.servicesIn(manifests);
        for (SpringService service : services) {
            Optional<K8sObject> workload = manifests.workload(service.name());
            if (workload.isEmpty()) {
                continue; // springWiring reports the missing workload
            }
            Map<String, String> env =
                    environment(manifests, workload.get().containers().getFirst());
            Set<String> expected = new TreeSet<>(DNS);
            if (service.database() != null) {
                expected.add("pod:cnpg.io/cluster=" + service.database() + ":5432");
            }
            if (service.name().equals(Platform.READ_MODEL_SERVICE)) {
                Platform.CDC_SOURCES.forEach(source -> expected.add("pod:cnpg.io/cluster=" + source + ":5432"));
            }
            if (service.kafka()) {
                String bootstrap = env.getOrDefault("SPRING_KAFKA_BOOTSTRAP_SERVERS", "");
                Matcher kafka = Pattern.compile("(.+)-kafka-bootstrap:(\\d+)").matcher(bootstrap);
                expected.add(
                        kafka.matches()
                                ? "pod:strimzi.io/cluster=" + kafka.group(1) + ":" + kafka.group(2)
                                : "Kafka at " + bootstrap);
            }
            if (service.redis()) {
                expected.add("redis:" + env.get("SPRING_DATA_REDIS_PORT"));
            }
            for (SpringService callee : services) {
                if (callee.callers().contains(service.name())) {
                    expected.add(callee.name() + ":" + callee.configuredPort());
                }
            }
            String collector = env.get(TRACING_ENDPOINT_VARIABLE);
            if (Platform.OBSERVED.contains(service.name()) && collector != null) {
                expected.add(traceCollector(manifests, collector));
            }
            String issuer = env.get(ISSUER_VARIABLE);
            if (Platform.ISSUER_CLIENTS.contains(service.name()) && issuer != null) {
                URI uri = URI.create(issuer);
                int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
                expected.add(
                        manifests.find("Service", uri.getHost()).isPresent()
                                ? uri.getHost() + ":" + port
                                : "ip:0.0.0.0/0:" + port);
            }
            Set<String> allowed = allowedDestinations(manifests, workload.get().podLabels());
            if (!allowed.equals(expected)) {
                Set<String> extra = new TreeSet<>(allowed);
                extra.removeAll(expected);
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(allowed);
                List<String> wrong = new ArrayList<>();
                if (!extra.isEmpty()) {
                    wrong.add("may also connect to " + extra + ", which DESIGN.md §3 does not list");
                }
                if (!missing.isEmpty()) {
                    wrong.add("cannot connect to " + missing);
                }
                violations.add(workload.get().id() + " " + String.join(" and ", wrong));
            }
        }
        return violations;
    }

    /**
     * The parts of the platform each target deploys: every service that belongs in it (the auth server in the
     * workshop only) with its workload, Service and database, and no service that does not belong in it.
     */
    static List<String> parts(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        List<SpringService> expected = Platform.servicesIn(manifests);
        for (SpringService service : Platform.SERVICES) {
            boolean rendered = manifests.workload(service.name()).isPresent()
                    || manifests.find("Service", service.name()).isPresent();
            if (!expected.contains(service)) {
                if (rendered) {
                    violations.add(manifests.target() + " deploys " + service.name() + ", which belongs only in "
                            + new TreeSet<>(service.targets()));
                }
                continue;
            }
            if (manifests.workload(service.name()).isEmpty()) {
                violations.add(manifests.target() + " has no workload with pods labelled " + Labels.NAME + "="
                        + service.name());
            }
            if (manifests.find("Service", service.name()).isEmpty()) {
                violations.add(manifests.target() + " has no Service " + service.name());
            }
            if (service.database() != null
                    && manifests.find("Cluster", service.database()).isEmpty()) {
                violations.add(manifests.target() + " has no CloudNativePG Cluster " + service.database() + " for "
                        + service.name());
            }
        }
        return violations;
    }

    /**
     * Every Spring service logs one JSON object per line ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}); every
     * observed service ({@link Platform#OBSERVED}) also exports its spans, all to one Zipkin v2 endpoint ({@code
     * http(s)://<host>:<port>/api/v2/spans}), with one sampling probability between 0 and 1. A service without a
     * tracer (the auth server) is given no endpoint: it would export nothing.
     */
    static List<String> telemetry(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        Map<String, String> endpoints = new LinkedHashMap<>();
        Map<String, String> probabilities = new LinkedHashMap<>();
        for (SpringService service : Platform.servicesIn(manifests)) {
            Optional<K8sObject> workload = manifests.workload(service.name());
            if (workload.isEmpty()) {
                continue; // springWiring reports the missing workload
            }
            String where = where(workload.get(), workload.get().containers().getFirst());
            Map<String, String> env =
                    environment(manifests, workload.get().containers().getFirst());
            if (!LOG_FORMAT.equals(env.get(LOG_FORMAT_VARIABLE))) {
                violations.add(where + " sets " + LOG_FORMAT_VARIABLE + "=" + env.get(LOG_FORMAT_VARIABLE) + ", not "
                        + LOG_FORMAT + ": its logs are not structured");
            }
            String endpoint = env.get(TRACING_ENDPOINT_VARIABLE);
            String probability = env.get(SAMPLING_VARIABLE);
            if (!Platform.OBSERVED.contains(service.name())) {
                if (endpoint != null) {
                    violations.add(where + " sets " + TRACING_ENDPOINT_VARIABLE + ", but " + service.name()
                            + " has no tracer");
                }
                continue;
            }
            if (endpoint == null || !endpoint.matches("https?://[^/:]+(:\\d+)?/api/v2/spans")) {
                violations.add(where + " sets " + TRACING_ENDPOINT_VARIABLE + "=" + endpoint
                        + ", not a Zipkin v2 endpoint http(s)://<host>:<port>/api/v2/spans");
            } else {
                endpoints.put(service.name(), endpoint);
            }
            double sampled;
            try {
                sampled = probability == null ? Double.NaN : Double.parseDouble(probability);
            } catch (NumberFormatException e) {
                sampled = Double.NaN;
            }
            if (!(sampled >= 0 && sampled <= 1)) {
                violations.add(
                        where + " sets " + SAMPLING_VARIABLE + "=" + probability + ", not a probability in [0, 1]");
            } else {
                probabilities.put(service.name(), probability);
            }
        }
        if (new TreeSet<>(endpoints.values()).size() > 1) {
            violations.add(manifests.target() + " has services that send spans to different collectors: " + endpoints);
        }
        if (new TreeSet<>(probabilities.values()).size() > 1) {
            violations.add(manifests.target() + " has services that sample traces differently (a trace would lose"
                    + " the spans of some): " + probabilities);
        }
        return violations;
    }

    /**
     * Prometheus (from the namespace {@link Platform#MONITORING_NAMESPACE}) may reach every observed service on its
     * actuator's port and on no other; where the target renders PodMonitors (prometheus-operator), each observed service
     * has exactly one, which scrapes {@link #PROMETHEUS_PATH} on that port, and no PodMonitor selects nothing.
     */
    static List<String> metricsScrape(Manifests manifests) {
        List<String> violations = new ArrayList<>();
        String monitoring = "namespace:" + Platform.MONITORING_NAMESPACE;
        List<K8sObject> podMonitors = manifests.ofKind("PodMonitor");
        for (SpringService service : Platform.servicesIn(manifests)) {
            Optional<K8sObject> found = manifests.workload(service.name());
            if (found.isEmpty() || !Platform.OBSERVED.contains(service.name())) {
                continue;
            }
            K8sObject workload = found.get();
            int actuator = service.managementPort();
            Set<String> ports = new TreeSet<>();
            for (K8sObject policy : manifests.ofKind("NetworkPolicy")) {
                if (!selects(policy.map("spec", "podSelector"), workload.podLabels())
                        || !asStrings(policy.get("spec", "policyTypes")).contains("Ingress")) {
                    continue;
                }
                for (Map<String, Object> rule : policy.maps("spec", "ingress")) {
                    boolean fromMonitoring = asMaps(rule.get("from")).stream()
                            .anyMatch(peer -> peerNames(peer).contains(monitoring));
                    if (fromMonitoring) {
                        List<Map<String, Object>> rulePorts = asMaps(rule.get("ports"));
                        if (rulePorts.isEmpty()) {
                            ports.add(Platform.ANY_SOURCE);
                        }
                        rulePorts.forEach(port -> ports.add(resolvePort(workload.containers(), port.get("port"))
                                .map(String::valueOf)
                                .orElse(String.valueOf(port.get("port")))));
                    }
                }
            }
            if (!ports.equals(Set.of(String.valueOf(actuator)))) {
                violations.add(workload.id() + " admits " + monitoring + " on ports " + ports + ", not on the"
                        + " actuator's port " + actuator + " alone");
            }
            if (podMonitors.isEmpty()) {
                continue;
            }
            List<K8sObject> scraping = podMonitors.stream()
                    .filter(m -> selects(m.map("spec", "selector"), workload.podLabels()))
                    .toList();
            if (scraping.size() != 1) {
                violations.add(workload.id() + " is scraped by " + scraping.size() + " PodMonitors, not 1");
                continue;
            }
            K8sObject podMonitor = scraping.getFirst();
            List<Map<String, Object>> endpoints = podMonitor.maps("spec", "podMetricsEndpoints");
            if (endpoints.size() != 1) {
                violations.add(podMonitor.id() + " has " + endpoints.size() + " endpoints, not 1");
                continue;
            }
            Map<String, Object> endpoint = endpoints.getFirst();
            Optional<Integer> port = resolvePort(workload.containers(), endpoint.get("port"));
            if (port.isEmpty() || port.get() != actuator) {
                violations.add(podMonitor.id() + " scrapes port " + endpoint.get("port") + " of " + workload.id()
                        + ", not the actuator's " + actuator);
            }
            if (!PROMETHEUS_PATH.equals(endpoint.get("path"))) {
                violations.add(podMonitor.id() + " scrapes " + endpoint.get("path") + ", not " + PROMETHEUS_PATH);
            }
        }
        for (K8sObject podMonitor : podMonitors) {
            boolean selectsAService = Platform.servicesIn(manifests).stream()
                    .map(s -> manifests.workload(s.name()))
                    .flatMap(Optional::stream)
                    .anyMatch(w -> selects(podMonitor.map("spec", "selector"), w.podLabels()));
            if (!selectsAService) {
                violations.add(podMonitor.id() + " selects the pods of no service");
            }
        }
        return violations;
    }

    /**
     * Where spans to {@code endpoint} go, as {@link #networkEgress} names destinations: {@code <app>:<port>} for a
     * Service rendered here, {@code namespace:<ns>:<port>} for {@code <service>.<ns>[.svc...]}, any address otherwise.
     */
    static String traceCollector(Manifests manifests, String endpoint) {
        URI uri = URI.create(endpoint);
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        String host = String.valueOf(uri.getHost());
        if (manifests.find("Service", host).isPresent()) {
            return host + ":" + port;
        }
        String[] labels = host.split("\\.");
        if (labels.length == 2 || (labels.length > 2 && labels[2].equals("svc"))) {
            return "namespace:" + labels[1] + ":" + port;
        }
        return "ip:0.0.0.0/0:" + port;
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** The environment a container sees: its envFrom ConfigMaps, then its env entries (sources shown in brackets). */
    static Map<String, String> environment(Manifests manifests, Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> source : asMaps(container.get("envFrom"))) {
            Map<String, Object> ref = asMap(source.get("configMapRef"));
            if (!ref.isEmpty()) {
                manifests
                        .find("ConfigMap", String.valueOf(ref.get("name")))
                        .ifPresent(cm -> cm.map("data").forEach((k, v) -> env.put(k, String.valueOf(v))));
            }
        }
        for (Map<String, Object> variable : asMaps(container.get("env"))) {
            String name = String.valueOf(variable.get("name"));
            if (variable.containsKey("value")) {
                env.put(name, String.valueOf(variable.get("value")));
            } else {
                Map<String, Object> from = asMap(variable.get("valueFrom"));
                Map<String, Object> secret = asMap(from.get("secretKeyRef"));
                Map<String, Object> configMap = asMap(from.get("configMapKeyRef"));
                if (!secret.isEmpty()) {
                    env.put(name, "[secret " + secret.get("name") + "/" + secret.get("key") + "]");
                } else if (!configMap.isEmpty()) {
                    env.put(
                            name,
                            manifests
                                    .find("ConfigMap", String.valueOf(configMap.get("name")))
                                    .map(cm -> String.valueOf(cm.map("data").get(configMap.get("key"))))
                                    .orElse("[missing]"));
                } else {
                    env.put(name, "[" + from.keySet() + "]");
                }
            }
        }
        return env;
    }

    /** The names of the env variables a workload's first container gets (ConfigMap keys included). */
    static Set<String> variableNames(Manifests manifests, K8sObject workload) {
        return new TreeSet<>(
                environment(manifests, workload.containers().getFirst()).keySet());
    }

    /** Whether a label selector (matchLabels, matchExpressions) selects pods with these labels. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        if (!labelsMatch(asMap(selector.get("matchLabels")), labels)) {
            return false;
        }
        for (Map<String, Object> expression : asMaps(selector.get("matchExpressions"))) {
            String key = String.valueOf(expression.get("key"));
            List<String> values = asStrings(expression.get("values"));
            Object actual = labels.get(key);
            boolean ok = switch (String.valueOf(expression.get("operator"))) {
                case "In" -> actual != null && values.contains(String.valueOf(actual));
                case "NotIn" -> actual == null || !values.contains(String.valueOf(actual));
                case "Exists" -> actual != null;
                case "DoesNotExist" -> actual == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean labelsMatch(Map<String, Object> wanted, Map<String, Object> labels) {
        return wanted.entrySet().stream()
                .allMatch(e -> Objects.equals(String.valueOf(e.getValue()), String.valueOf(labels.get(e.getKey()))));
    }

    /**
     * Where the Egress policies that select these pods let them connect, as {@code <peer>:<port>} ({@code /UDP}
     * appended for UDP); {@code <any>:<any>} when no policy restricts their egress.
     */
    private static Set<String> allowedDestinations(Manifests manifests, Map<String, Object> podLabels) {
        Set<String> destinations = new TreeSet<>();
        boolean restricted = false;
        for (K8sObject policy : manifests.ofKind("NetworkPolicy")) {
            if (!selects(policy.map("spec", "podSelector"), podLabels)
                    || !asStrings(policy.get("spec", "policyTypes")).contains("Egress")) {
                continue;
            }
            restricted = true;
            for (Map<String, Object> rule : policy.maps("spec", "egress")) {
                Set<String> peers = new TreeSet<>();
                List<Map<String, Object>> to = asMaps(rule.get("to"));
                if (to.isEmpty()) {
                    peers.add(Platform.ANY_SOURCE);
                }
                to.forEach(peer -> peers.addAll(peerNames(peer)));
                List<String> ports = new ArrayList<>();
                for (Map<String, Object> port : asMaps(rule.get("ports"))) {
                    Object protocol = port.getOrDefault("protocol", "TCP");
                    ports.add(port.get("port") + ("TCP".equals(protocol) ? "" : "/" + protocol));
                }
                if (ports.isEmpty()) {
                    ports.add(Platform.ANY_SOURCE);
                }
                peers.forEach(peer -> ports.forEach(port -> destinations.add(peer + ":" + port)));
            }
        }
        return restricted ? destinations : Set.of(Platform.ANY_SOURCE + ":" + Platform.ANY_SOURCE);
    }

    private static void checkCdcLogin(
            Manifests manifests,
            K8sObject cluster,
            Map<String, String> env,
            String prefix,
            String where,
            List<String> violations) {
        Matcher username = SECRET_REFERENCE.matcher(env.getOrDefault(prefix + "USERNAME", ""));
        Matcher password = SECRET_REFERENCE.matcher(env.getOrDefault(prefix + "PASSWORD", ""));
        if (!username.matches() || !password.matches() || !username.group(1).equals(password.group(1))) {
            violations.add(where + " does not take " + prefix + "USERNAME and " + prefix
                    + "PASSWORD from the keys username and password of one secret");
            return;
        }
        String secret = username.group(1);
        if (!username.group(2).equals("username") || !password.group(2).equals("password")) {
            violations.add(where + " reads " + prefix + "USERNAME/PASSWORD from keys " + username.group(2) + "/"
                    + password.group(2) + " of " + secret);
        }
        // The login is the user of that secret: for a secret CloudNativePG generates, the owner of its cluster.
        Optional<String> login = isCnpgAppSecret(manifests, secret)
                ? manifests
                        .get("Cluster", secret.substring(0, secret.length() - CNPG_APP_SECRET_SUFFIX.length()))
                        .string("spec", "bootstrap", "initdb", "owner")
                : Optional.empty();
        if (login.isEmpty()) {
            violations.add(where + " takes its CDC login from " + secret + ", whose user cannot be known");
            return;
        }
        String owner = cluster.string("spec", "bootstrap", "initdb", "owner").orElse("");
        if (login.get().equals(owner)) {
            violations.add(where + " reads " + cluster.id() + " as its owner " + owner + ", not as a login of its own");
        }
        Map<String, Object> role = managedRole(cluster, login.get());
        Object passwordSecret = asMap(role.get("passwordSecret")).get("name");
        if (!secret.equals(passwordSecret)) {
            violations.add(cluster.id() + " role " + login.get() + " takes its password from " + passwordSecret
                    + ", read-model-service logs in with " + secret);
        }
        boolean granted =
                K8sObject.asStrings(cluster.get("spec", "bootstrap", "initdb", "postInitApplicationSQL")).stream()
                        .anyMatch(sql -> Pattern.compile(
                                        "GRANT\\s+SELECT\\s+ON\\s+TABLES\\s+TO\\s+" + Pattern.quote(login.get())
                                                + "\\b",
                                        Pattern.CASE_INSENSITIVE)
                                .matcher(sql)
                                .find());
        if (!granted) {
            violations.add(cluster.id() + " grants role " + login.get() + " no SELECT on the tables its owner makes");
        }
    }

    private static Map<String, Object> managedRole(K8sObject cluster, String name) {
        return cluster.maps("spec", "managed", "roles").stream()
                .filter(r -> name.equals(r.get("name")))
                .findFirst()
                .orElse(Map.of());
    }

    /** Who the NetworkPolicies that select these pods admit, as pod names, namespaces or {@link Platform#ANY_SOURCE}. */
    private static Set<String> admittedSources(Manifests manifests, Map<String, Object> podLabels) {
        Set<String> sources = new TreeSet<>();
        for (K8sObject policy : manifests.ofKind("NetworkPolicy")) {
            if (!selects(policy.map("spec", "podSelector"), podLabels)
                    || !asStrings(policy.get("spec", "policyTypes")).contains("Ingress")) {
                continue;
            }
            for (Map<String, Object> rule : policy.maps("spec", "ingress")) {
                List<Map<String, Object>> from = asMaps(rule.get("from"));
                if (from.isEmpty()) {
                    sources.add(Platform.ANY_SOURCE);
                }
                from.forEach(peer -> sources.addAll(peerNames(peer)));
            }
        }
        return sources;
    }

    /** A NetworkPolicy peer, named: the app names it selects, else its selector, namespace or address block. */
    private static Set<String> peerNames(Map<String, Object> peer) {
        Set<String> names = new TreeSet<>();
        Map<String, Object> namespaceSelector = asMap(peer.get("namespaceSelector"));
        Map<String, Object> podSelector = asMap(peer.get("podSelector"));
        if (peer.containsKey("ipBlock")) {
            names.add("ip:" + asMap(peer.get("ipBlock")).get("cidr"));
        }
        if (peer.containsKey("namespaceSelector")) {
            Object namespace = asMap(namespaceSelector.get("matchLabels")).get("kubernetes.io/metadata.name");
            names.add(namespace == null ? "namespace:" + namespaceSelector : "namespace:" + namespace);
            return names;
        }
        if (peer.containsKey("podSelector")) {
            Object name = asMap(podSelector.get("matchLabels")).get(Labels.NAME);
            if (name != null) {
                names.add(String.valueOf(name));
            }
            for (Map<String, Object> expression : asMaps(podSelector.get("matchExpressions"))) {
                if (Labels.NAME.equals(expression.get("key")) && "In".equals(expression.get("operator"))) {
                    names.addAll(asStrings(expression.get("values")));
                }
            }
            if (names.isEmpty()) {
                Map<String, Object> matchLabels = asMap(podSelector.get("matchLabels"));
                names.add(matchLabels.isEmpty() ? Platform.ANY_SOURCE + " pod" : "pod:" + labelString(matchLabels));
            }
        }
        return names;
    }

    private static String labelString(Map<String, Object> labels) {
        return String.join(
                ",",
                labels.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .sorted()
                        .toList());
    }

    private static void referenced(
            Manifests manifests, String kind, Object reference, Object key, String where, List<String> violations) {
        Map<String, Object> ref = asMap(reference);
        if (ref.isEmpty()) {
            return;
        }
        String name = String.valueOf(ref.get("name"));
        if (kind.equals("Secret") && isCnpgAppSecret(manifests, name)) {
            // Generated by CloudNativePG for a rendered Cluster: it cannot be in the rendered output.
            if (key != null && !CNPG_APP_SECRET_KEYS.contains(String.valueOf(key))) {
                violations.add(where + " reads key " + key + " of " + name + ", which CloudNativePG does not write");
            }
            return;
        }
        Optional<K8sObject> target = manifests.find(kind, name);
        if (target.isEmpty()) {
            violations.add(where + " references " + kind + " " + name + ", which is not rendered");
            return;
        }
        if (key != null) {
            Set<String> keys = new LinkedHashSet<>();
            for (String field : List.of("data", "binaryData", "stringData")) {
                keys.addAll(target.get().map(field).keySet());
            }
            if (!keys.contains(String.valueOf(key))) {
                violations.add(where + " reads key " + key + " of " + kind + " " + name + ", which has " + keys);
            }
        }
    }

    private static boolean isCnpgAppSecret(Manifests manifests, String secret) {
        return secret.endsWith(CNPG_APP_SECRET_SUFFIX)
                && manifests
                        .find("Cluster", secret.substring(0, secret.length() - CNPG_APP_SECRET_SUFFIX.length()))
                        .filter(c -> c.group().equals("postgresql.cnpg.io"))
                        .isPresent();
    }

    private static void checkProbe(
            Map<String, Object> container, String probe, String path, int port, String where, List<String> violations) {
        Map<String, Object> httpGet = asMap(K8sObject.at(container, probe, "httpGet"));
        if (httpGet.isEmpty()) {
            violations.add(where + " " + probe + " is not an HTTP probe of the actuator");
            return;
        }
        if (!path.equals(httpGet.get("path"))) {
            violations.add(where + " " + probe + " asks " + httpGet.get("path") + ", not " + path);
        }
        Optional<Integer> resolved = resolvePort(List.of(container), httpGet.get("port"));
        if (resolved.isEmpty() || resolved.get() != port) {
            violations.add(where + " " + probe + " asks port " + httpGet.get("port") + ", not the actuator's " + port);
        }
    }

    private static void checkVariables(
            SpringService service, Map<String, String> env, String where, List<String> violations) {
        Set<String> required = new TreeSet<>(Set.of("SERVER_PORT"));
        Set<String> forbidden = new TreeSet<>();
        (service.database() != null ? required : forbidden)
                .addAll(Set.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD"));
        (service.kafka() ? required : forbidden).add("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        (service.redis() ? required : forbidden).addAll(Set.of("SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_PORT"));
        for (String name : required) {
            if (!env.containsKey(name)) {
                violations.add(where + " does not set " + name);
            }
        }
        for (String name : forbidden) {
            if (env.containsKey(name)) {
                violations.add(where + " sets " + name + ", but " + service.name() + " does not use it (DESIGN.md §3)");
            }
        }
        Set<String> known = new TreeSet<>(LIBRARY_VARIABLES);
        service.knownProperties().forEach(key -> known.addAll(relaxedVariables(key)));
        for (String name : env.keySet()) {
            boolean standard = name.startsWith("SERVER_")
                    || name.startsWith("SPRING_")
                    || name.startsWith("MANAGEMENT_")
                    || name.startsWith("LOGGING_")
                    || name.startsWith("SHOPFLOOR_");
            if (!standard) {
                violations.add(where + " sets " + name + ", which is no Spring property");
            } else if (name.startsWith("SHOPFLOOR_") && !known.contains(name)) {
                violations.add(where + " sets " + name + ", which matches no property of " + service.name()
                        + "'s application.yml (a typo is silently ignored)");
            }
        }
        String datasourceUser = env.get("SPRING_DATASOURCE_USERNAME");
        if (service.database() != null
                && datasourceUser != null
                && !datasourceUser.equals("[secret " + service.database() + CNPG_APP_SECRET_SUFFIX + "/username]")) {
            violations.add(where + " takes its database login from " + datasourceUser + ", not from the secret "
                    + service.database() + CNPG_APP_SECRET_SUFFIX);
        }
    }

    private static void checkUrls(
            Manifests manifests,
            SpringService service,
            Map<String, String> env,
            String where,
            List<String> violations) {
        env.forEach((name, value) -> {
            // The issuer and the trace collector may be outside the namespace; issuer() and telemetry() check them.
            if ((value.startsWith("http://") || value.startsWith("https://"))
                    && !name.equals(ISSUER_VARIABLE)
                    && !name.equals(AUTH_ISSUER_VARIABLE)
                    && !name.equals(TRACING_ENDPOINT_VARIABLE)) {
                URI uri = URI.create(value);
                Optional<K8sObject> target = manifests.find("Service", uri.getHost());
                if (target.isEmpty()) {
                    violations.add(where + " " + name + "=" + value + " names no rendered Service");
                } else if (target.get().maps("spec", "ports").stream()
                        .noneMatch(p -> String.valueOf(uri.getPort()).equals(String.valueOf(p.get("port"))))) {
                    violations.add(where + " " + name + "=" + value + ": "
                            + target.get().id() + " has no port " + uri.getPort());
                }
            }
        });
        String jdbc = env.get("SPRING_DATASOURCE_URL");
        if (jdbc != null) {
            Matcher matcher =
                    Pattern.compile("jdbc:postgresql://([^:/]+)-rw:5432/(\\w+)").matcher(jdbc);
            if (!matcher.matches()) {
                violations.add(where + " SPRING_DATASOURCE_URL=" + jdbc + " is not <cluster>-rw:5432/<database>");
            } else if (!matcher.group(1).equals(service.database())) {
                violations.add(
                        where + " connects to cluster " + matcher.group(1) + ", not its own " + service.database());
            } else {
                Optional<String> database = manifests
                        .find("Cluster", matcher.group(1))
                        .flatMap(c -> c.string("spec", "bootstrap", "initdb", "database"));
                if (!database.equals(Optional.of(matcher.group(2)))) {
                    violations.add(where + " connects to database " + matcher.group(2) + ", cluster " + matcher.group(1)
                            + " creates " + database.orElse("none"));
                }
            }
        }
        String bootstrap = env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap != null) {
            boolean matches = manifests.ofKind("Kafka").stream()
                    .anyMatch(kafka -> asMaps(kafka.get("spec", "kafka", "listeners")).stream()
                            .filter(l -> Boolean.FALSE.equals(l.get("tls")))
                            .anyMatch(l -> bootstrap.equals(kafka.name() + "-kafka-bootstrap:" + l.get("port"))));
            if (!matches) {
                violations.add(where + " SPRING_KAFKA_BOOTSTRAP_SERVERS=" + bootstrap
                        + " is no plain listener of a rendered Kafka (<cluster>-kafka-bootstrap:<port>)");
            }
        }
        String redisHost = env.get("SPRING_DATA_REDIS_HOST");
        if (redisHost != null) {
            String redisPort = env.get("SPRING_DATA_REDIS_PORT");
            boolean matches = manifests
                    .find("Service", redisHost)
                    .map(s -> s.maps("spec", "ports").stream()
                            .anyMatch(p -> String.valueOf(p.get("port")).equals(redisPort)))
                    .orElse(false);
            if (!matches) {
                violations.add(where + " Redis " + redisHost + ":" + redisPort + " is no rendered Service port");
            }
        }
    }

    /**
     * The environment variables that Spring's relaxed binding maps to a property: for {@code a.b-c.d} the canonical
     * {@code A_BC_D} and the legacy form {@code A_B_C_D} that Spring Boot also accepts (and the local runner uses).
     */
    static Set<String> relaxedVariables(String property) {
        String upper = property.toUpperCase(java.util.Locale.ROOT);
        return new TreeSet<>(List.of(
                upper.replace("-", "").replace('.', '_'),
                upper.replace('-', '_').replace('.', '_')));
    }

    private static Optional<Integer> preStopSeconds(Map<String, Object> container) {
        Map<String, Object> preStop = asMap(K8sObject.at(container, "lifecycle", "preStop"));
        Object sleep = K8sObject.at(preStop, "sleep", "seconds");
        if (sleep != null) {
            return Optional.of(Integer.parseInt(String.valueOf(sleep)));
        }
        List<String> command = asStrings(K8sObject.at(preStop, "exec", "command"));
        Matcher matcher = Pattern.compile("sleep (\\d+)").matcher(String.join(" ", command));
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** A port of the containers, by number or by name. */
    static Optional<Integer> resolvePort(List<Map<String, Object>> containers, Object port) {
        for (Map<String, Object> container : containers) {
            for (Map<String, Object> declared : asMaps(container.get("ports"))) {
                if (String.valueOf(port).equals(String.valueOf(declared.get("name")))
                        || String.valueOf(port).equals(String.valueOf(declared.get("containerPort")))) {
                    return Optional.of(Integer.parseInt(String.valueOf(declared.get("containerPort"))));
                }
            }
        }
        return Optional.empty();
    }

    /** A Spring Boot duration such as 30s, 500ms, 1m, or a plain number of milliseconds. */
    static Duration duration(String value) {
        Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(value.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: " + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "ms" : matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMillis(amount);
        };
    }

    private static void forEachContainer(
            Manifests manifests, java.util.function.BiConsumer<K8sObject, Map<String, Object>> action) {
        for (K8sObject workload : manifests.workloads()) {
            for (Map<String, Object> container : workload.containers()) {
                action.accept(workload, container);
            }
        }
    }

    private static String where(K8sObject workload, Map<String, Object> container) {
        return workload.id() + " container " + container.get("name");
    }

    private static Object firstNonNull(Object first, Object second) {
        return first != null ? first : second;
    }

    /** An image reference split into repository, tag and digest (either may be null). */
    record ImageReference(String repository, String tag, String digest) {

        static ImageReference parse(String image) {
            String digest = null;
            String rest = image;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                return new ImageReference(rest.substring(0, colon), rest.substring(colon + 1), digest);
            }
            return new ImageReference(rest, null, digest);
        }
    }
}
