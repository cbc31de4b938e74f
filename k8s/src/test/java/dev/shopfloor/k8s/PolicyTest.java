package dev.shopfloor.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of {@link Policies}, on what the base and each overlay render. Each test names one rule; a failure lists
 * every violation with the object and container it is in.
 */
class PolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyContainerHasStartupLivenessAndReadinessProbes(String target) {
        assertThat(Policies.probes(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyContainerRequestsAndLimitsCpuAndMemory(String target) {
        assertThat(Policies.resources(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyContainerRunsAsNonRootWithAReadOnlyRootAndNoCapabilities(String target) {
        assertThat(Policies.security(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyServiceCanWriteTemporaryFilesToAnEmptyDir(String target) {
        assertThat(Policies.writableTmp(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyImageIsPinnedAndShopfloorImagesCarryTheProjectVersion(String target) {
        assertThat(Policies.images(Kustomize.render(target), Platform.projectVersion()))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyKubernetesServiceSelectsThePodsOfAWorkload(String target) {
        assertThat(Policies.serviceSelectors(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyReferencedConfigMapAndSecretKeyExistsOrIsGeneratedByCloudNativePg(String target) {
        assertThat(Policies.references(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void portsProbesAndSettingsMatchEachServicesOwnConfiguration(String target) {
        assertThat(Policies.springWiring(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyServiceShutsDownGracefullyWithinItsTerminationGracePeriod(String target) {
        assertThat(Policies.gracefulShutdown(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyServiceHasADisruptionBudgetThatLetsOnePodGo(String target) {
        assertThat(Policies.disruptionBudgets(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void ingressIsDeniedByDefaultAndEveryWorkloadHasANetworkPolicy(String target) {
        assertThat(Policies.networkCoverage(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyServerAdmitsExactlyTheCallersTheDesignLists(String target) {
        assertThat(Policies.networkCallers(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyTopicAndItsDeadLetterTopicHasAKafkaTopicWithSixPartitions(String target) {
        assertThat(Policies.kafkaTopics(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyServiceDatabaseIsALogicalWalClusterWithReplicationRoles(String target) {
        assertThat(Policies.databases(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyServiceConnectsOnlyToWhatTheDesignListsAndTheIssuer(String target) {
        assertThat(Policies.networkEgress(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyServiceTrustsOneIssuerTheAuthServerInTheWorkshopAnExternalOneElsewhere(String target) {
        assertThat(Policies.issuer(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void theReadModelReplicatesItsSourcesWithALoginOfItsOwnAndTheirPublications(String target) {
        assertThat(Policies.changeDataCapture(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void everyServiceLogsJsonAndSendsItsSpansToOneCollectorWithOneSamplingRate(String target) {
        assertThat(Policies.telemetry(Kustomize.render(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {Repository.BASE, Repository.WORKSHOP, Repository.PRODUCTION})
    void prometheusMayScrapeEveryServiceOnItsActuatorPortAndEachPodMonitorScrapesThere(String target) {
        assertThat(Policies.metricsScrape(Kustomize.render(target))).isEmpty();
    }
}
