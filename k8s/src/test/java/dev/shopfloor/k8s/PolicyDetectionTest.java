package dev.shopfloor.k8s;

import static dev.shopfloor.k8s.K8sObject.asMap;
import static dev.shopfloor.k8s.K8sObject.asMaps;
import static dev.shopfloor.k8s.K8sObject.rawList;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Proof that each rule of {@link Policies} can fail: each test breaks one thing in a copy of the rendered base and
 * expects the rule to name it. A rule that passed on anything would pass {@link PolicyTest} too.
 */
class PolicyDetectionTest {

    private static Manifests base() {
        return Kustomize.render(Repository.BASE);
    }

    @Test
    void reportsAContainerWithoutAStartupProbe() {
        Manifests broken = changeContainer("Deployment", "gateway", c -> c.remove("startupProbe"));

        assertThat(Policies.probes(broken)).singleElement().asString().contains("gateway", "startupProbe");
    }

    @Test
    void reportsAContainerWithoutAMemoryLimit() {
        Manifests broken = changeContainer(
                "Deployment",
                "payment-service",
                c -> asMap(asMap(c.get("resources")).get("limits")).remove("memory"));

        assertThat(Policies.resources(broken)).singleElement().asString().contains("limits.memory");
    }

    @Test
    void reportsAWritableRootFilesystemAndARootUser() {
        Manifests broken = changeContainer(
                        "Deployment",
                        "inventory-service",
                        c -> asMap(c.get("securityContext")).put("readOnlyRootFilesystem", false))
                .with("StatefulSet", "redis", redis -> {
                    asMap(redis.podSpec().get("securityContext")).remove("runAsNonRoot");
                    asMap(redis.containers().getFirst().get("securityContext")).remove("runAsNonRoot");
                    return redis;
                });

        assertThat(Policies.security(broken))
                .anySatisfy(v -> assertThat(v).contains("inventory-service", "readOnlyRootFilesystem"))
                .anySatisfy(v -> assertThat(v).contains("redis", "runAsNonRoot"));
    }

    @Test
    void reportsAServiceWithoutAWritableTmp() {
        Manifests broken = changeContainer("Deployment", "saga-orchestrator", c -> c.remove("volumeMounts"));

        assertThat(Policies.writableTmp(broken)).singleElement().asString().contains("saga-orchestrator", "/tmp");
    }

    @Test
    void reportsLatestAndUntaggedImagesAndAShopfloorImageOfAnotherVersion() {
        Manifests broken = changeContainer("Deployment", "gateway", c -> c.put("image", "redis:latest"))
                .with("Deployment", "payment-service", d -> {
                    d.containers().getFirst().put("image", "localhost:5001/shopfloor/payment-service");
                    return d;
                })
                .with("Deployment", "inventory-service", d -> {
                    d.containers().getFirst().put("image", "localhost:5001/shopfloor/inventory-service:0.0.1");
                    return d;
                });

        assertThat(Policies.images(broken, Platform.projectVersion()))
                .anySatisfy(v -> assertThat(v).contains("gateway", "latest"))
                .anySatisfy(v -> assertThat(v).contains("payment-service", "untagged"))
                .anySatisfy(v -> assertThat(v).contains("inventory-service", "not the project version"));
    }

    @Test
    void reportsAServiceThatSelectsNoPods() {
        Manifests broken = base().with("Service", "payment-service", s -> {
            s.map("spec", "selector").put(Labels.NAME, "payments-service");
            return s;
        });

        assertThat(Policies.serviceSelectors(broken)).singleElement().asString().contains("Service/payment-service");
    }

    @Test
    void reportsAMissingConfigMapAndASecretKeyCloudNativePgDoesNotWrite() {
        Manifests broken = changeContainer(
                        "Deployment",
                        "gateway",
                        c -> asMaps(c.get("envFrom"))
                                .getFirst()
                                .put("configMapRef", Map.of("name", "gateway-settings")))
                .with("Deployment", "payment-service", d -> {
                    Map<String, Object> username =
                            asMaps(d.containers().getFirst().get("env")).getFirst();
                    asMap(asMap(username.get("valueFrom")).get("secretKeyRef")).put("key", "user");
                    return d;
                })
                .with("StatefulSet", "redis", r -> {
                    asMaps(asMap(asMaps(r.podSpec().get("volumes")).getFirst().get("configMap"))
                                    .get("items"))
                            .getFirst()
                            .put("key", "redis.cnf");
                    return r;
                });

        assertThat(Policies.references(broken))
                .anySatisfy(v -> assertThat(v).contains("ConfigMap gateway-settings"))
                .anySatisfy(v -> assertThat(v).contains("key user", "payments-db-app"))
                .anySatisfy(v -> assertThat(v).contains("key redis.cnf"));
    }

    @Test
    void reportsASecretThatNoClusterGenerates() {
        Manifests broken = changeContainer("Deployment", "payment-service", c -> {
            Map<String, Object> password = asMaps(c.get("env")).get(1);
            asMap(asMap(password.get("valueFrom")).get("secretKeyRef")).put("name", "payment-db-app");
        });

        assertThat(Policies.references(broken)).singleElement().asString().contains("Secret payment-db-app");
    }

    @Test
    void reportsAPortThatDiffersFromTheServicesOwnConfiguration() {
        Manifests broken = changeConfig("gateway", data -> data.put("SERVER_PORT", "9090"));

        assertThat(Policies.springWiring(broken)).singleElement().asString().contains("SERVER_PORT=9090", "8080");
    }

    @Test
    void reportsAProbeThatAsksTheWrongPath() {
        Manifests broken = changeContainer(
                "Deployment",
                "payment-service",
                c -> asMap(asMap(c.get("readinessProbe")).get("httpGet")).put("path", "/actuator/health"));

        assertThat(Policies.springWiring(broken))
                .singleElement()
                .asString()
                .contains("readinessProbe", "/actuator/health/readiness");
    }

    @Test
    void reportsAMisspelledVariableAWrongUrlPortAndAnUnneededSetting() {
        Manifests broken = changeConfig("gateway", data -> {
                    data.put("SHOPFLOOR_GATEWAY_ORDER_SERVCE_URL", "http://order-service:8081");
                    data.put("SHOPFLOOR_GATEWAY_PAYMENT_SERVICE_URL", "http://payment-service:8083");
                })
                .with("ConfigMap", configMapName("order-service"), cm -> {
                    cm.map("data").put("SPRING_DATA_REDIS_HOST", "redis");
                    return cm;
                });

        assertThat(Policies.springWiring(broken))
                .anySatisfy(v -> assertThat(v).contains("SHOPFLOOR_GATEWAY_ORDER_SERVCE_URL", "matches no property"))
                .anySatisfy(v -> assertThat(v).contains("payment-service:8083", "has no port 8083"))
                .anySatisfy(v -> assertThat(v).contains("order-service", "SPRING_DATA_REDIS_HOST", "does not use"));
    }

    @Test
    void reportsAMisspelledVariableOfAPropertyThatApplicationYmlNamesOnlyAsAPlaceholder() {
        Manifests workshop = Kustomize.render(Repository.WORKSHOP);
        Manifests broken = workshop.with("ConfigMap", configMapName(workshop, Platform.AUTH_SERVER), cm -> {
            cm.map("data").put("SHOPFLOOR_AUTH_ISSUR", "http://auth-server:9000");
            return cm;
        });

        assertThat(Policies.springWiring(broken))
                .singleElement()
                .asString()
                .contains("SHOPFLOOR_AUTH_ISSUR", "matches no property");
    }

    @Test
    void reportsADatasourceOfAnotherServicesDatabase() {
        Manifests broken = changeConfig(
                "payment-service",
                data -> data.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://orders-db-rw:5432/orders"));

        assertThat(Policies.springWiring(broken)).singleElement().asString().contains("orders-db", "payments-db");
    }

    @Test
    void reportsATerminationGracePeriodShorterThanTheShutdown() {
        Manifests broken = base().with("Deployment", "inventory-service", d -> {
            d.podSpec().put("terminationGracePeriodSeconds", 30);
            return d;
        });

        assertThat(Policies.gracefulShutdown(broken)).singleElement().asString().contains("gets 30 s");
    }

    @Test
    void reportsAServiceWithoutADisruptionBudgetAndABudgetThatAllowsNoDisruption() {
        Manifests broken = base().without("PodDisruptionBudget", "order-service")
                .with("PodDisruptionBudget", "gateway", pdb -> {
                    pdb.map("spec").remove("maxUnavailable");
                    pdb.map("spec").put("minAvailable", 1);
                    return pdb;
                });

        assertThat(Policies.disruptionBudgets(broken))
                .anySatisfy(v -> assertThat(v).contains("order-service", "0 PodDisruptionBudgets"))
                .anySatisfy(v -> assertThat(v).contains("PodDisruptionBudget/gateway"));
    }

    @Test
    void reportsAWorkloadWithoutANetworkPolicyAndAMissingDefaultDeny() {
        Manifests broken =
                base().without("NetworkPolicy", "payment-service").without("NetworkPolicy", "default-deny-ingress");

        assertThat(Policies.networkCoverage(broken))
                .anySatisfy(v -> assertThat(v).contains("payment-service"))
                .anySatisfy(v -> assertThat(v).contains("default-deny"));
    }

    @Test
    void reportsACallerTheDesignDoesNotListAndADatabaseOpenToAll() {
        Manifests broken = base().with("NetworkPolicy", "payment-service", p -> {
                    rawList(p.maps("spec", "ingress").getFirst().get("from"))
                            .add(Map.of(
                                    "podSelector", Map.of("matchLabels", Map.of(Labels.NAME, "saga-orchestrator"))));
                    return p;
                })
                .with("NetworkPolicy", "sagas-db", p -> {
                    rawList(p.get("spec", "ingress")).add(Map.of("ports", List.of(Map.of("port", 5432))));
                    return p;
                })
                .with("Kafka", "shopfloor", k -> {
                    asMaps(k.get("spec", "kafka", "listeners")).getFirst().remove("networkPolicyPeers");
                    return k;
                });

        assertThat(Policies.networkCallers(broken))
                .anySatisfy(v -> assertThat(v).contains("payment-service", "saga-orchestrator"))
                .anySatisfy(v -> assertThat(v).contains("sagas-db", Platform.ANY_SOURCE))
                .anySatisfy(v -> assertThat(v).contains("Kafka/shopfloor", Platform.ANY_SOURCE));
    }

    @Test
    void reportsAMissingDeadLetterTopicAndATopicWithTooFewPartitions() {
        Manifests broken = base().without("KafkaTopic", "saga-replies-dlt")
                .with("KafkaTopic", "payment-commands", t -> {
                    t.map("spec").put("partitions", 3);
                    return t;
                });

        assertThat(Policies.kafkaTopics(broken))
                .anySatisfy(v -> assertThat(v).contains("saga.replies.DLT"))
                .anySatisfy(v -> assertThat(v).contains("payment-commands", "3 partitions"));
    }

    @Test
    void reportsTopicsDeclaredWithAnotherReplicationFactorThanTheKafkaTopics() {
        Manifests broken =
                changeConfig("saga-orchestrator", data -> data.put("SHOPFLOOR_MESSAGING_TOPICS_REPLICAS", "3"));

        assertThat(Policies.kafkaTopics(broken)).singleElement().asString().contains("saga-orchestrator", "3 replicas");
    }

    @Test
    void reportsADatabaseWithoutLogicalWalOrReplicationForItsOwner() {
        Manifests broken = base().with("Cluster", "inventory-db", c -> {
                    c.map("spec", "postgresql", "parameters").remove("wal_level");
                    return c;
                })
                .with("Cluster", "sagas-db", c -> {
                    c.maps("spec", "managed", "roles").getFirst().put("replication", false);
                    return c;
                });

        assertThat(Policies.databases(broken))
                .anySatisfy(v -> assertThat(v).contains("inventory-db", "wal_level"))
                .anySatisfy(v -> assertThat(v).contains("sagas-db", "role sagas"));
    }

    @Test
    void reportsATargetWithoutTheReadModelOrTheAuthServerAndOneWithAnAuthServerItDoesNotNeed() {
        Manifests workshop = Kustomize.render(Repository.WORKSHOP)
                .without("Deployment", Platform.READ_MODEL_SERVICE)
                .without("StatefulSet", Platform.AUTH_SERVER)
                .without("Service", Platform.AUTH_SERVER);
        K8sObject authServer = Kustomize.render(Repository.WORKSHOP).get("StatefulSet", Platform.AUTH_SERVER);
        Manifests production = Kustomize.render(Repository.PRODUCTION).plus(authServer);

        assertThat(Policies.parts(workshop))
                .anySatisfy(v -> assertThat(v).contains("no workload", Platform.READ_MODEL_SERVICE))
                .anySatisfy(v -> assertThat(v).contains("no workload", Platform.AUTH_SERVER))
                .anySatisfy(v -> assertThat(v).contains("no Service " + Platform.AUTH_SERVER));
        assertThat(Policies.parts(production))
                .singleElement()
                .asString()
                .contains("deploys " + Platform.AUTH_SERVER, "belongs only in");
    }

    @Test
    void reportsEgressBeyondTheDesignNoEgressPolicyAndNoWayToTheIssuer() {
        Manifests broken = base().without("NetworkPolicy", "oauth-issuer-egress")
                .without("NetworkPolicy", "gateway-egress")
                .with("NetworkPolicy", "trace-collector-egress", p -> {
                    // no policy restricts the gateway's egress any more
                    rawList(asMaps(p.get("spec", "podSelector", "matchExpressions"))
                                    .getFirst()
                                    .get("values"))
                            .remove("gateway");
                    return p;
                })
                .with("NetworkPolicy", "payment-service-egress", p -> {
                    rawList(p.get("spec", "egress"))
                            .add(Map.of(
                                    "to",
                                    List.of(Map.of("podSelector", Map.of("matchLabels", Map.of(Labels.NAME, "redis")))),
                                    "ports",
                                    List.of(Map.of("port", 6379))));
                    return p;
                });

        assertThat(Policies.networkEgress(broken))
                .anySatisfy(v -> assertThat(v).contains("Deployment/gateway", "<any>:<any>"))
                .anySatisfy(v -> assertThat(v).contains("payment-service", "also connect to [redis:6379]"))
                .anySatisfy(v -> assertThat(v).contains("saga-orchestrator", "cannot connect to [ip:0.0.0.0/0:443]"));
    }

    @Test
    void reportsServicesThatTrustDifferentIssuersAndAnAuthServerThatSignsAsAnotherOne() {
        Manifests workshop = Kustomize.render(Repository.WORKSHOP);
        Manifests twoIssuers = workshop.with("Deployment", "payment-service", d -> {
            rawList(d.containers().getFirst().get("env"))
                    .add(Map.of("name", Policies.ISSUER_VARIABLE, "value", "http://payments-issuer:9000"));
            return d;
        });
        Manifests otherName = workshop.with("ConfigMap", configMapName(workshop, Platform.AUTH_SERVER), cm -> {
            cm.map("data").put(Policies.AUTH_ISSUER_VARIABLE, "http://localhost:9000");
            return cm;
        });

        assertThat(Policies.issuer(twoIssuers))
                .singleElement()
                .asString()
                .contains("different issuers", "payments-issuer");
        assertThat(Policies.issuer(otherName))
                .singleElement()
                .asString()
                .contains("issues tokens as", "http://localhost:9000");
    }

    @Test
    void reportsAnExternalIssuerWithoutHttps() {
        Manifests production = Kustomize.render(Repository.PRODUCTION);
        Manifests broken = production.with("ConfigMap", issuerConfigMapName(production), cm -> {
            cm.map("data").put(Policies.ISSUER_VARIABLE, "http://login.example.com/realms/shopfloor");
            return cm;
        });

        assertThat(Policies.issuer(broken)).singleElement().asString().contains("must use HTTPS");
    }

    @Test
    void reportsCdcAsTheOwnerWithoutGrantPasswordOrMatchingPublication() {
        Manifests broken = base().with("Deployment", Platform.READ_MODEL_SERVICE, d -> {
                    for (Map<String, Object> variable :
                            asMaps(d.containers().getFirst().get("env"))) {
                        if (String.valueOf(variable.get("name")).startsWith("SHOPFLOOR_READMODEL_SOURCES_ORDERS_")) {
                            asMap(asMap(variable.get("valueFrom")).get("secretKeyRef"))
                                    .put("name", "orders-db-app");
                        }
                    }
                    return d;
                })
                .with("Cluster", "payments-db", c -> {
                    c.map("spec", "bootstrap", "initdb").remove("postInitApplicationSQL");
                    return c;
                })
                .with("Cluster", "inventory-db", c -> {
                    c.maps("spec", "managed", "roles").get(1).remove("passwordSecret");
                    return c;
                })
                .with("Publication", "inventory-db-readmodel", p -> {
                    p.maps("spec", "target", "objects").getFirst().put("table", Map.of("name", "stock"));
                    return p;
                });

        assertThat(Policies.changeDataCapture(broken))
                .anySatisfy(v -> assertThat(v).contains("Cluster/orders-db", "as its owner orders"))
                .anySatisfy(v -> assertThat(v).contains("Cluster/payments-db", "no SELECT"))
                .anySatisfy(v -> assertThat(v).contains("Cluster/inventory-db", "password from null"))
                .anySatisfy(
                        v -> assertThat(v).contains("inventory-db-readmodel", "public.stock", "public.reservation"));
    }

    @Test
    void reportsACdcSourceThatIsNotInTheDesignAndAPublicationMissing() {
        Manifests broken = base().without("Publication", "orders-db-readmodel")
                .with("ConfigMap", configMapName(base(), Platform.READ_MODEL_SERVICE), cm -> {
                    cm.map("data")
                            .put(
                                    "SHOPFLOOR_READMODEL_SOURCES_PAYMENTS_URL",
                                    "jdbc:postgresql://sagas-db-rw:5432/sagas");
                    return cm;
                });

        assertThat(Policies.changeDataCapture(broken))
                .anySatisfy(v -> assertThat(v).contains("0 Publications readmodel in orders-db/orders"))
                .anySatisfy(v -> assertThat(v).contains("replicates [inventory-db, orders-db, sagas-db]"));
    }

    @Test
    void reportsAServiceThatCannotReachTheTraceCollector() {
        Manifests broken = base().with("NetworkPolicy", "trace-collector-egress", p -> {
            rawList(p.get("spec", "podSelector", "matchExpressions")).clear();
            p.map("spec", "podSelector").put("matchLabels", Map.of(Labels.NAME, "gateway"));
            return p;
        });

        assertThat(Policies.networkEgress(broken))
                .hasSize(Platform.OBSERVED.size() - 1)
                .allSatisfy(v -> assertThat(v).contains("cannot connect to [namespace:observability:9411]"));
    }

    @Test
    void reportsAServiceThatPrometheusCannotScrapeAndAGatewayScrapedOnItsPublicPort() {
        Manifests broken = base().without("NetworkPolicy", "prometheus-scrape")
                .with("NetworkPolicy", "prometheus-scrape-gateway", p -> {
                    p.maps("spec", "ingress").getFirst().put("ports", List.of(Map.of("port", "http")));
                    return p;
                });

        assertThat(Policies.networkCallers(broken))
                .hasSize(Platform.OBSERVED.size() - 1)
                .allSatisfy(v -> assertThat(v).contains("namespace:monitoring"));
        assertThat(Policies.metricsScrape(broken))
                .hasSize(Platform.OBSERVED.size())
                .anySatisfy(v -> assertThat(v).contains("Deployment/gateway", "[8080]", "port 8090 alone"))
                .anySatisfy(v -> assertThat(v).contains("StatefulSet/order-service", "[]", "port 8081 alone"));
    }

    @Test
    void reportsAPodMonitorOnTheWrongPortOrPathAServiceWithoutOneAndOneThatSelectsNothing() {
        Manifests production = Kustomize.render(Repository.PRODUCTION);
        K8sObject stray = production.get("PodMonitor", "payment-service").copy();
        stray.map("metadata").put("name", "stray");
        stray.map("spec", "selector").put("matchLabels", Map.of(Labels.NAME, "no-such-service"));
        Manifests broken = production
                .with("PodMonitor", "gateway", m -> {
                    m.maps("spec", "podMetricsEndpoints").getFirst().put("port", "http");
                    return m;
                })
                .with("PodMonitor", "order-service", m -> {
                    m.maps("spec", "podMetricsEndpoints").getFirst().put("path", "/metrics");
                    return m;
                })
                .without("PodMonitor", "saga-orchestrator")
                .plus(stray);

        assertThat(Policies.metricsScrape(broken))
                .containsExactlyInAnyOrder(
                        "PodMonitor/gateway scrapes port http of Deployment/gateway, not the actuator's 8090",
                        "PodMonitor/order-service scrapes /metrics, not /actuator/prometheus",
                        "Deployment/saga-orchestrator is scraped by 0 PodMonitors, not 1",
                        "PodMonitor/stray selects the pods of no service");
    }

    @Test
    void reportsPlainLogsAnotherCollectorASamplingRateAboveOneAndATracerlessEndpoint() {
        Manifests workshop = Kustomize.render(Repository.WORKSHOP);
        Manifests broken = workshop.with("Deployment", "payment-service", d -> {
                    d.containers()
                            .getFirst()
                            .put(
                                    "env",
                                    List.of(
                                            Map.of("name", Policies.LOG_FORMAT_VARIABLE, "value", "logstash"),
                                            Map.of(
                                                    "name",
                                                    Policies.TRACING_ENDPOINT_VARIABLE,
                                                    "value",
                                                    "http://zipkin.tracing:9411/api/v2/spans"),
                                            Map.of("name", Policies.SAMPLING_VARIABLE, "value", "1.5")));
                    return d;
                })
                .with("ConfigMap", configMapName(workshop, Platform.AUTH_SERVER), cm -> {
                    cm.map("data").put(Policies.TRACING_ENDPOINT_VARIABLE, "http://zipkin.tracing:9411/api/v2/spans");
                    return cm;
                });

        assertThat(Policies.telemetry(broken))
                .anySatisfy(v -> assertThat(v).contains("payment-service", "logstash", "not structured"))
                .anySatisfy(v -> assertThat(v).contains("payment-service", "1.5", "not a probability"))
                .anySatisfy(v -> assertThat(v).contains("send spans to different collectors", "zipkin.tracing"))
                .anySatisfy(v -> assertThat(v).contains("auth-server", "has no tracer"))
                .hasSize(4);
    }

    private static Manifests changeContainer(String kind, String name, Consumer<Map<String, Object>> change) {
        return base().with(kind, name, workload -> {
            change.accept(workload.containers().getFirst());
            return workload;
        });
    }

    private static Manifests changeConfig(String service, Consumer<Map<String, Object>> change) {
        return base().with("ConfigMap", configMapName(service), configMap -> {
            change.accept(configMap.map("data"));
            return configMap;
        });
    }

    /** The generated (hash-suffixed) name of a service's ConfigMap in the base, as its workload references it. */
    private static String configMapName(String service) {
        return configMapName(base(), service);
    }

    private static String configMapName(Manifests manifests, String service) {
        K8sObject workload = manifests.workload(service).orElseThrow();
        return String.valueOf(asMap(asMaps(workload.containers().getFirst().get("envFrom"))
                        .getFirst()
                        .get("configMapRef"))
                .get("name"));
    }

    /** The generated name of the ConfigMap that names the OAuth issuer (every service's second envFrom). */
    private static String issuerConfigMapName(Manifests manifests) {
        K8sObject gateway = manifests.workload("gateway").orElseThrow();
        return String.valueOf(asMap(asMaps(gateway.containers().getFirst().get("envFrom"))
                        .get(1)
                        .get("configMapRef"))
                .get("name"));
    }
}
