package dev.shopfloor.k8s.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link PromQlNames#of} on the shapes of expression that dashboards and alert rules use, and on tricky ones. */
class PromQlNamesTest {

    @Test
    void findsTheBucketSeriesOfAHistogramQuantileOverARate() {
        assertThat(
                        PromQlNames.of(
                                "histogram_quantile(0.99, sum by (le, outcome) (rate(shopfloor_saga_duration_seconds_bucket[5m])))"))
                .containsExactly("shopfloor_saga_duration_seconds_bucket");
    }

    @Test
    void skipsTheLabelListsOfAggregationsWhetherBeforeOrAfterTheArgument() {
        assertThat(PromQlNames.of("sum by (application, reason) (increase(shopfloor_saga_compensated_total[1h]))"))
                .containsExactly("shopfloor_saga_compensated_total");
        assertThat(PromQlNames.of("sum(rate(cache_gets_total[5m])) without (instance, pod)"))
                .containsExactly("cache_gets_total");
        assertThat(PromQlNames.of(
                        "topk by (topic) (3, max without(partition) (kafka_consumer_fetch_manager_records_lag_max))"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void findsBothSidesOfABinaryOperationWithVectorMatching() {
        assertThat(PromQlNames.of("sum by (cache) (rate(cache_gets_total{result=\"hit\"}[5m]))\n"
                        + "  / on(cache) group_left(application) sum by (cache) (rate(cache_gets_total[5m]))\n"
                        + "  unless ignoring (result) absent_metric_x"))
                .containsExactly("absent_metric_x", "cache_gets_total");
        assertThat(PromQlNames.of("a_total * on () group_left b_info"))
                .as("group_left without a label list")
                .containsExactly("a_total", "b_info");
    }

    @Test
    void skipsComparisonKeywordsDurationsAndOffsets() {
        assertThat(PromQlNames.of("rate(http_server_requests_seconds_count[5m] offset 1h) > bool 0.5 and "
                        + "delta(shopfloor_outbox_waiting[10m:30s] offset -5m) >= 1e3 or up == 0 "
                        + "unless process_uptime_seconds < +Inf"))
                .containsExactly(
                        "http_server_requests_seconds_count",
                        "process_uptime_seconds",
                        "shopfloor_outbox_waiting",
                        "up");
    }

    @Test
    void skipsLabelNamesAndValuesOfMatchersEvenWithRegularExpressionsAndEscapes() {
        assertThat(PromQlNames.of(
                        "resilience4j_circuitbreaker_state{state=~\"open|forced_open\", name!~'order.*', job!=\"x}\\\"\"}"
                                + " == 1"))
                .containsExactly("resilience4j_circuitbreaker_state");
    }

    @Test
    void readsANameGivenAsAMatcherOrAsAQuotedNameButNotARegularExpressionOnTheName() {
        assertThat(PromQlNames.of("{__name__=\"shopfloor_saga_parked\", state=\"COMPENSATION_FAILED\"}"))
                .containsExactly("shopfloor_saga_parked");
        assertThat(PromQlNames.of("{\"shopfloor.saga.overdue\", job=\"x\"}")).containsExactly("shopfloor.saga.overdue");
        assertThat(PromQlNames.of("{__name__=~\"shopfloor_.*\"}")).isEmpty();
    }

    @Test
    void skipsStringArgumentsOfFunctions() {
        assertThat(PromQlNames.of(
                        "label_replace(kafka_consumer_fetch_manager_records_lag_max, \"group\", \"$1\", \"client_id\","
                                + " \"consumer-(.+)-[0-9]+\")"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag_max");
        assertThat(PromQlNames.of("count_values(\"version\", build_info)")).containsExactly("build_info");
    }

    @Test
    void skipsGrafanaVariablesAndComments() {
        assertThat(PromQlNames.of("# saga throughput\n"
                        + "sum(rate(shopfloor_saga_started_total{application=~\"$application\"}[$__rate_interval]))"
                        + " / ${scale} + $offset_var"))
                .containsExactly("shopfloor_saga_started_total");
    }

    @Test
    void keepsRecordingRuleNamesWithColonsAndSkipsSubqueryResolutions() {
        assertThat(PromQlNames.of("max_over_time(shopfloor:saga_duration:p99[1h:5m]) @ end()"))
                .containsExactly("shopfloor:saga_duration:p99");
    }

    @Test
    void readsKeywordsCaseInsensitivelyButNotFunctions() {
        assertThat(PromQlNames.of("jvm_threads_live_threads AND ON(instance) jvm_threads_peak_threads"))
                .containsExactly("jvm_threads_live_threads", "jvm_threads_peak_threads");
    }

    @Test
    void findsNoNameInAnExpressionOfLiteralsOnly() {
        assertThat(PromQlNames.of("vector(1) + scalar(time()) * 2")).isEmpty();
        assertThat(PromQlNames.of("")).isEmpty();
        assertThat(PromQlNames.of(null)).isEmpty();
    }

    @Test
    void returnsWhatItRecognisedFromAnUnterminatedExpressionWithoutThrowing() {
        assertThat(PromQlNames.of("sum(rate(http_server_requests_seconds_count{uri=\"/api"))
                .containsExactly("http_server_requests_seconds_count");
        assertThat(PromQlNames.of("rate(x_total[5m")).containsExactly("x_total");
    }
}
