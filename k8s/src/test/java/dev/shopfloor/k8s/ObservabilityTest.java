package dev.shopfloor.k8s;

import static dev.shopfloor.k8s.K8sObject.asMap;
import static dev.shopfloor.k8s.K8sObject.asMaps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.k8s.observability.PromQlNames;
import dev.shopfloor.k8s.observability.ShippedQueries;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboards and alert rules shipped with the manifests (issue #7): each dashboard is strict JSON of a current
 * Grafana schema whose every panel queries Prometheus; each rule file is a well-formed Prometheus rule file whose every
 * alert has a duration, a severity and the annotations an on-call reader needs; every query names only metrics the
 * platform exports (the names of the observability contract; the end-to-end test checks them against a live scrape);
 * and each overlay ships them in the form its Prometheus and Grafana read.
 */
class ObservabilityTest {

    /** Grafana 12's dashboard schema version; older Grafanas migrate nothing newer, newer ones migrate this on load. */
    private static final int SCHEMA_VERSION = 41;

    private static final String DATASOURCE_UID = "${datasource}";

    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");

    /**
     * The metric names of the observability contract (Prometheus form): what the services export for dashboards and
     * rules. A name outside it and the standard families below is a typo, or a metric to add to the contract first.
     */
    private static final Set<String> CONTRACT = Set.of(
            "shopfloor_saga_started_total",
            "shopfloor_saga_completed_total",
            "shopfloor_saga_compensated_total",
            "shopfloor_saga_duration_seconds_bucket",
            "shopfloor_saga_duration_seconds_count",
            "shopfloor_saga_duration_seconds_sum",
            "shopfloor_saga_step_duration_seconds_bucket",
            "shopfloor_saga_step_duration_seconds_count",
            "shopfloor_saga_step_duration_seconds_sum",
            "shopfloor_saga_overdue",
            "shopfloor_saga_parked",
            "shopfloor_saga_deadlines_total",
            "shopfloor_outbox_waiting",
            "shopfloor_outbox_relay_lag_seconds_bucket",
            "shopfloor_outbox_relay_lag_seconds_count",
            "shopfloor_outbox_relay_lag_seconds_sum",
            "shopfloor_replication_slot_retained_bytes",
            "shopfloor_messaging_dlt_records",
            "kafka_consumer_fetch_manager_records_lag_max",
            "readmodel_projection_lag_seconds_bucket",
            "readmodel_projection_lag_seconds_count",
            "readmodel_projection_lag_seconds_sum",
            "readmodel_cdc_delivery_lag_seconds_bucket",
            "readmodel_cdc_delivery_lag_seconds_count",
            "readmodel_cdc_delivery_lag_seconds_sum",
            "shopfloor_readmodel_projector_leader",
            "cache_gets_total",
            "cache_puts_total",
            "cache_evictions_total",
            "gateway_ratelimit_rejections_total",
            "resilience4j_circuitbreaker_state",
            "gateway_strangler_requests_total",
            "gateway_strangler_errors_total",
            "gateway_strangler_fallbacks_total");

    /** Spring Boot's, Micrometer's and Spring Cloud Gateway's standard families, and the series Prometheus writes itself. */
    private static final Pattern STANDARD = Pattern.compile(
            "(jvm_|process_|http_server_requests_seconds_|http_client_requests_seconds_|spring_cloud_gateway_requests_seconds_).+|up");

    /** Each alert the issue asks for, by the metric it must watch. */
    private static final Map<String, String> REQUIRED_ALERTS = Map.of(
            "shopfloor_saga_overdue", "sagas stuck past their deadline",
            "shopfloor_saga_parked", "parked sagas",
            "shopfloor_messaging_dlt_records", "a dead-letter topic that is not empty",
            "readmodel_projection_lag_seconds_bucket", "CDC projection lag above its SLO",
            "resilience4j_circuitbreaker_state", "an open circuit breaker",
            "shopfloor_replication_slot_retained_bytes", "WAL retained by a slot above a bound",
            "shopfloor_outbox_waiting", "an outbox that keeps growing");

    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private static List<Path> dashboards() {
        return ShippedQueries.dashboards(Repository.ROOT);
    }

    private static List<Path> ruleFiles() {
        return ShippedQueries.ruleFiles(Repository.ROOT);
    }

    @Test
    void shipsTheFourDashboardsAndOneRuleFile() {
        assertThat(dashboards())
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(
                        "platform-overview.json", "saga-health.json", "messaging-cdc.json", "edge.json");
        assertThat(ruleFiles()).extracting(p -> p.getFileName().toString()).containsExactly("shopfloor-rules.yaml");
    }

    @Test
    void everyDashboardIsStrictJsonOfTheCurrentSchemaWithUniqueUidsAndQueriesInEveryPanel() {
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards()) {
            Map<String, Object> dashboard = readJson(file);

            assertThat(dashboardProblems(dashboard)).as(file.toString()).isEmpty();
            assertThat(uids.add(String.valueOf(dashboard.get("uid"))))
                    .as("%s: uid %s is used twice", file, dashboard.get("uid"))
                    .isTrue();
        }
    }

    @Test
    void seesADashboardWithAnEmptyQueryAPanelWithoutTargetsAFixedDatasourceAndAnOldSchema() {
        Map<String, Object> dashboard = readJson(
                dashboards().stream().filter(isNamed("edge.json")).findFirst().orElseThrow());
        List<Map<String, Object>> panels = panels(dashboard);
        Map<String, Object> firstWithTargets = panels.stream()
                .filter(p -> !asMaps(p.get("targets")).isEmpty())
                .findFirst()
                .orElseThrow();
        asMaps(firstWithTargets.get("targets")).forEach(t -> t.put("expr", " "));
        Map<String, Object> last = panels.getLast();
        last.remove("targets");
        last.put("datasource", Map.of("type", "prometheus", "uid", "my-prometheus"));
        dashboard.put("schemaVersion", 27);

        assertThat(dashboardProblems(dashboard))
                .anySatisfy(v -> assertThat(v).contains(String.valueOf(firstWithTargets.get("title")), "empty expr"))
                .anySatisfy(v -> assertThat(v).contains(String.valueOf(last.get("title")), "no target"))
                .anySatisfy(v -> assertThat(v).contains(String.valueOf(last.get("title")), "my-prometheus"))
                .anySatisfy(v -> assertThat(v).contains("schemaVersion 27"));
    }

    @Test
    void everyRuleFileHasGroupsOfAlertsWithAnExpressionADurationASeverityAndAnnotations() {
        for (Path file : ruleFiles()) {
            assertThat(ruleProblems(ShippedQueries.read(file)))
                    .as(file.toString())
                    .isEmpty();
        }
    }

    @Test
    void seesARuleWithoutSeverityOrDurationAndAGroupWithoutRules() {
        Map<String, Object> rules = asMap(ShippedQueries.read(ruleFiles().getFirst()));
        List<Map<String, Object>> groups = asMaps(rules.get("groups"));
        Map<String, Object> alert = asMaps(groups.getFirst().get("rules")).getFirst();
        asMap(alert.get("labels")).remove("severity");
        alert.put("for", "five minutes");
        groups.getLast().put("rules", List.of());

        assertThat(ruleProblems(rules))
                .anySatisfy(v -> assertThat(v).contains(String.valueOf(alert.get("alert")), "severity"))
                .anySatisfy(v -> assertThat(v).contains(String.valueOf(alert.get("alert")), "five minutes"))
                .anySatisfy(v ->
                        assertThat(v).contains(String.valueOf(groups.getLast().get("name")), "no rules"));
    }

    @Test
    void everyQueryNamesAMetricAndOnlyMetricsOfTheContractOrStandardFamilies() {
        List<String> problems = new ArrayList<>();
        for (ShippedQueries.Query query : ShippedQueries.all(Repository.ROOT)) {
            Set<String> names = PromQlNames.of(query.expression());
            String where = Repository.ROOT.relativize(query.source()) + " " + query.location();
            if (names.isEmpty()) {
                problems.add(where + " queries no metric: " + query.expression());
            }
            names.stream()
                    .filter(n -> !CONTRACT.contains(n) && !STANDARD.matcher(n).matches())
                    .forEach(n -> problems.add(where + " queries " + n + ", which the contract does not name"));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void alertsOnEverythingTheIssueAsksFor() {
        Set<String> alerted = new TreeSet<>();
        for (Path file : ruleFiles()) {
            ShippedQueries.all(Repository.ROOT).stream()
                    .filter(q -> q.source().equals(file))
                    .forEach(q -> alerted.addAll(PromQlNames.of(q.expression())));
        }
        assertThat(alerted).containsAll(REQUIRED_ALERTS.keySet());
    }

    @Test
    void listsTheShippedNamesForTheEndToEndTestWithoutPrometheussOwnSeries() {
        Set<String> shipped = PromQlNames.shipped(Repository.ROOT);

        assertThat(shipped)
                .contains(
                        "shopfloor_saga_started_total",
                        "readmodel_cdc_delivery_lag_seconds_bucket",
                        "resilience4j_circuitbreaker_state",
                        "cache_gets_total")
                .doesNotContainAnyElementsOf(PromQlNames.PROMETHEUS_OWN);
        assertThat(PromQlNames.shippedBySource(Repository.ROOT))
                .hasSize(dashboards().size() + ruleFiles().size())
                .allSatisfy(
                        (file, names) -> assertThat(names).as(file.toString()).isNotEmpty())
                .containsKey(Path.of("k8s/base/observability/dashboards/platform-overview.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void shipsEveryDashboardAsAConfigMapForGrafanasSidecar(String target) {
        Manifests manifests = Kustomize.render(target);
        Map<String, String> shipped = new LinkedHashMap<>();
        manifests.ofKind("ConfigMap").stream()
                .filter(cm -> "1".equals(cm.map("metadata", "labels").get("grafana_dashboard")))
                .forEach(cm -> cm.map("data").forEach((key, json) -> shipped.put(key, String.valueOf(json))));

        assertThat(shipped.keySet())
                .containsExactlyInAnyOrderElementsOf(dashboards().stream()
                        .map(p -> p.getFileName().toString())
                        .toList());
        dashboards()
                .forEach(file -> assertThat(shipped.get(file.getFileName().toString()))
                        .as(file.toString())
                        .isEqualTo(Platform.read(file)));
    }

    @Test
    void shipsTheRulesAsAPrometheusRuleInProductionThatHoldsTheSameGroupsAsTheRuleFile() {
        K8sObject rule = Kustomize.render(Repository.PRODUCTION).get("PrometheusRule", "shopfloor");
        GenericKubernetesResource parsed = KUBERNETES.convertValue(rule.raw(), GenericKubernetesResource.class);

        assertThat(parsed.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(parsed.getMetadata().getNamespace()).isEqualTo("shopfloor");
        assertThat(ruleProblems(parsed.getAdditionalProperties().get("spec"))).isEmpty();
        assertThat(parsed.getAdditionalProperties().get("spec"))
                .as("spec.groups of overlays/production/prometheus-rule.yaml: copy the groups of %s", ruleFiles())
                .isEqualTo(Map.of(
                        "groups",
                        asMap(ShippedQueries.read(ruleFiles().getFirst())).get("groups")));
    }

    @Test
    void shipsTheRuleFileAsAConfigMapInTheWorkshopAndNoOperatorObjectsWhereThereIsNoOperator() {
        Manifests workshop = Kustomize.render(Repository.WORKSHOP);
        Path ruleFile = ruleFiles().getFirst();

        assertThat(workshop.get("ConfigMap", "shopfloor-alert-rules").map("data"))
                .containsExactly(Map.entry(ruleFile.getFileName().toString(), Platform.read(ruleFile)));
        for (String target : List.of(Repository.BASE, Repository.WORKSHOP)) {
            assertThat(Kustomize.render(target).objects())
                    .as("%s renders objects of prometheus-operator, whose CRDs the workshop cluster lacks", target)
                    .noneMatch(o -> o.group().equals("monitoring.coreos.com"));
        }
    }

    @Test
    void scrapesEveryObservedServiceThroughAPodMonitorInProduction() {
        Manifests production = Kustomize.render(Repository.PRODUCTION);

        assertThat(production.ofKind("PodMonitor")).hasSize(Platform.OBSERVED.size());
        assertThat(Policies.metricsScrape(production)).isEmpty();
        for (K8sObject podMonitor : production.ofKind("PodMonitor")) {
            assertThat(KUBERNETES
                            .convertValue(podMonitor.raw(), GenericKubernetesResource.class)
                            .getApiVersion())
                    .isEqualTo("monitoring.coreos.com/v1");
        }
    }

    @Test
    void samplesEveryTraceInTheWorkshopAndOneInTenInProduction() {
        assertThat(samplingRates(Kustomize.render(Repository.WORKSHOP))).containsOnly("1.0");
        assertThat(samplingRates(Kustomize.render(Repository.PRODUCTION))).containsOnly("0.1");
    }

    private static List<String> samplingRates(Manifests manifests) {
        return Platform.OBSERVED.stream()
                .map(s -> Policies.environment(
                                manifests,
                                manifests.workload(s).orElseThrow().containers().getFirst())
                        .get(Policies.SAMPLING_VARIABLE))
                .toList();
    }

    // --- the checks, as functions that return what they find (so that a test can break a copy) ---------------------

    private static List<String> dashboardProblems(Map<String, Object> dashboard) {
        List<String> problems = new ArrayList<>();
        Object schema = dashboard.get("schemaVersion");
        if (!(schema instanceof Number version) || version.intValue() != SCHEMA_VERSION) {
            problems.add("schemaVersion " + schema + ", not " + SCHEMA_VERSION);
        }
        for (String field : List.of("uid", "title")) {
            if (String.valueOf(dashboard.getOrDefault(field, "")).isBlank()) {
                problems.add("no " + field);
            }
        }
        List<Map<String, Object>> variables =
                asMaps(asMap(dashboard.get("templating")).get("list"));
        boolean datasourceVariable = variables.stream()
                .anyMatch(v -> "datasource".equals(v.get("name"))
                        && "datasource".equals(v.get("type"))
                        && "prometheus".equals(v.get("query")));
        if (!datasourceVariable) {
            problems.add("no variable datasource of type datasource (query prometheus)");
        }
        variables.stream()
                .filter(v -> "query".equals(v.get("type")))
                .forEach(v ->
                        problems.add("variable " + v.get("name") + " is a query, which PromQlNames does not read"));
        List<Map<String, Object>> panels = panels(dashboard);
        if (panels.stream().noneMatch(p -> !"row".equals(p.get("type")))) {
            problems.add("no panels");
        }
        for (Map<String, Object> panel : panels) {
            if ("row".equals(panel.get("type"))) {
                continue;
            }
            String where = "panel \"" + panel.get("title") + "\"";
            Object uid = asMap(panel.get("datasource")).get("uid");
            if (!DATASOURCE_UID.equals(uid)) {
                problems.add(where + " uses datasource " + uid + ", not " + DATASOURCE_UID);
            }
            List<Map<String, Object>> targets = asMaps(panel.get("targets"));
            if (targets.isEmpty()) {
                problems.add(where + " has no target");
            }
            for (Map<String, Object> target : targets) {
                if (String.valueOf(target.getOrDefault("expr", "")).isBlank()) {
                    problems.add(where + " target " + target.get("refId") + " has an empty expr");
                }
                Object targetUid = asMap(target.get("datasource")).get("uid");
                if (targetUid != null && !DATASOURCE_UID.equals(targetUid)) {
                    problems.add(where + " target " + target.get("refId") + " uses datasource " + targetUid);
                }
            }
            if (asMap(panel.get("gridPos")).isEmpty()) {
                problems.add(where + " has no gridPos");
            }
        }
        return problems;
    }

    /** Every panel, those inside collapsed rows included. */
    private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> panel : asMaps(dashboard.get("panels"))) {
            all.add(panel);
            all.addAll(asMaps(panel.get("panels")));
        }
        return all;
    }

    private static List<String> ruleProblems(Object ruleFile) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> groups = asMaps(asMap(ruleFile).get("groups"));
        if (groups.isEmpty()) {
            problems.add("no groups");
        }
        Set<String> alerts = new HashSet<>();
        for (Map<String, Object> group : groups) {
            String name = String.valueOf(group.getOrDefault("name", ""));
            if (name.isBlank()) {
                problems.add("a group without a name");
            }
            List<Map<String, Object>> rules = asMaps(group.get("rules"));
            if (rules.isEmpty()) {
                problems.add("group " + name + " has no rules");
            }
            for (Map<String, Object> rule : rules) {
                String alert = String.valueOf(rule.getOrDefault("alert", ""));
                String where = "group " + name + " alert " + alert;
                if (alert.isBlank()) {
                    problems.add("group " + name + " has a rule that is no alert: " + rule.keySet());
                    continue;
                }
                if (!alerts.add(alert)) {
                    problems.add(where + " is defined twice");
                }
                if (String.valueOf(rule.getOrDefault("expr", "")).isBlank()) {
                    problems.add(where + " has no expr");
                }
                if (!DURATION.matcher(String.valueOf(rule.get("for"))).matches()) {
                    problems.add(where + " has for: " + rule.get("for") + ", not a duration like 5m");
                }
                Object severity = asMap(rule.get("labels")).get("severity");
                if (!SEVERITIES.contains(String.valueOf(severity))) {
                    problems.add(where + " has severity " + severity + ", not one of " + new TreeSet<>(SEVERITIES));
                }
                Map<String, Object> annotations = asMap(rule.get("annotations"));
                for (String annotation : List.of("summary", "description", "runbook")) {
                    if (String.valueOf(annotations.getOrDefault(annotation, "")).isBlank()) {
                        problems.add(where + " has no annotation " + annotation);
                    }
                }
            }
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path file) {
        return STRICT_JSON.readValue(Platform.read(file), LinkedHashMap.class);
    }

    private static java.util.function.Predicate<Path> isNamed(String name) {
        return p -> p.getFileName().toString().equals(name);
    }
}
