package dev.shopfloor.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rendered Kubernetes object as the YAML parser gave it (maps, lists, scalars), with the few look-ups the checks
 * need. Missing paths read as empty, never as an exception, so a check can report what is missing.
 */
record K8sObject(Map<String, Object> raw) {

    String apiVersion() {
        return string("apiVersion").orElse("");
    }

    /** The API group: {@code ""} for core v1, {@code apps} for {@code apps/v1}, and so on. */
    String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    String kind() {
        return string("kind").orElse("");
    }

    String name() {
        return string("metadata", "name").orElse("");
    }

    /** {@code Kind/name}, for messages. */
    String id() {
        return kind() + "/" + name();
    }

    /** Short, for assertion messages: the full object would bury the point. */
    @Override
    public String toString() {
        return apiVersion() + " " + id();
    }

    boolean is(String kind) {
        return kind().equals(kind);
    }

    boolean isWorkload() {
        return is("Deployment") || is("StatefulSet") || is("DaemonSet");
    }

    Object get(String... path) {
        return at(raw, path);
    }

    Optional<String> string(String... path) {
        Object value = get(path);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    Map<String, Object> map(String... path) {
        return asMap(get(path));
    }

    List<Map<String, Object>> maps(String... path) {
        return asMaps(get(path));
    }

    /** The pod template's spec of a workload. */
    Map<String, Object> podSpec() {
        return map("spec", "template", "spec");
    }

    Map<String, Object> podLabels() {
        return map("spec", "template", "metadata", "labels");
    }

    List<Map<String, Object>> containers() {
        return asMaps(podSpec().get("containers"));
    }

    /** A deep copy whose maps and lists can be changed (tests that prove a check can fail break such copies). */
    K8sObject copy() {
        return new K8sObject(asMap(deepCopy(raw)));
    }

    static Object at(Object root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> asMaps(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object element : list) {
            if (element instanceof Map<?, ?> map) {
                maps.add((Map<String, Object>) map);
            }
        }
        return maps;
    }

    /** The list itself (not a copy), for tests that change a copied object; empty and unmodifiable if none. */
    @SuppressWarnings("unchecked")
    static List<Object> rawList(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    static List<String> asStrings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }
}
