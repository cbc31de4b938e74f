package dev.shopfloor.k8s;

/** The label keys the manifests agree on. */
final class Labels {

    /** Names a workload's pods; Services, PodDisruptionBudgets and NetworkPolicies select by it. */
    static final String NAME = "app.kubernetes.io/name";

    private Labels() {}
}
