package dev.shopfloor.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The objects one Kustomize target renders to, in order, with look-ups by kind and name. */
record Manifests(String target, List<K8sObject> objects) {

    static Manifests parse(String target, String yaml) {
        List<K8sObject> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                objects.add(new K8sObject(K8sObject.asMap(document)));
            }
        }
        return new Manifests(target, List.copyOf(objects));
    }

    /**
     * The Kustomize target these objects were rendered from ({@code overlays/workshop}), also for a copy that a test
     * changed: it says which parts of the platform belong in them.
     */
    String source() {
        int changed = target.indexOf(" (");
        return changed < 0 ? target : target.substring(0, changed);
    }

    List<K8sObject> ofKind(String kind) {
        return objects.stream().filter(o -> o.is(kind)).toList();
    }

    Optional<K8sObject> find(String kind, String name) {
        return objects.stream().filter(o -> o.is(kind) && o.name().equals(name)).findFirst();
    }

    K8sObject get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(target + " renders no " + kind + "/" + name));
    }

    /** Deployments and StatefulSets (and DaemonSets, should one appear). */
    List<K8sObject> workloads() {
        return objects.stream().filter(K8sObject::isWorkload).toList();
    }

    /** The workload whose pods carry {@code app.kubernetes.io/name: <name>}. */
    Optional<K8sObject> workload(String name) {
        return workloads().stream()
                .filter(w -> name.equals(w.podLabels().get(Labels.NAME)))
                .findFirst();
    }

    /** A copy in which one object was replaced by {@code change} applied to its deep copy. */
    Manifests with(String kind, String name, UnaryOperator<K8sObject> change) {
        List<K8sObject> changed = new ArrayList<>();
        boolean found = false;
        for (K8sObject object : objects) {
            if (object.is(kind) && object.name().equals(name)) {
                changed.add(change.apply(object.copy()));
                found = true;
            } else {
                changed.add(object);
            }
        }
        if (!found) {
            throw new AssertionError(target + " renders no " + kind + "/" + name);
        }
        return new Manifests(target + " (changed " + kind + "/" + name + ")", List.copyOf(changed));
    }

    /** A copy without the objects of that kind and name. */
    Manifests without(String kind, String name) {
        return new Manifests(
                target + " (without " + kind + "/" + name + ")",
                objects.stream()
                        .filter(o -> !(o.is(kind) && o.name().equals(name)))
                        .toList());
    }

    /** A copy with one more object (a test that proves a check can fail adds one that does not belong). */
    Manifests plus(K8sObject object) {
        List<K8sObject> more = new ArrayList<>(objects);
        more.add(object);
        return new Manifests(target + " (with " + object.id() + ")", List.copyOf(more));
    }

    Map<String, Object> rawOf(String kind, String name) {
        return get(kind, name).raw();
    }
}
