package dev.shopfloor.k8s;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds fields that a model object did not know. The fabric8 and Strimzi models never reject an unknown field while
 * reading: they keep it in an {@code additionalProperties} map (a {@code @JsonAnySetter}), so a misspelled
 * {@code readinesProbe} would read without complaint, and Kubernetes would drop it. This walks the whole object tree
 * after reading and reports every such field with its path; an empty answer means every field was known to the model.
 */
final class StrictModel {

    private StrictModel() {}

    /** {@code path: [unknown, fields]} for every model object in the tree that kept fields it does not define. */
    static List<String> unknownFields(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", Collections.newSetFromMap(new IdentityHashMap<>()), found);
        return found;
    }

    private static void walk(Object value, String path, Set<Object> seen, List<String> found) {
        if (value == null || value instanceof Enum<?> || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                walk(element, path + "[" + index++ + "]", seen, found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, seen, found));
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue = read(field, value);
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        found.add((path.isEmpty() ? "." : path) + ": unknown " + extra.keySet());
                    }
                } else {
                    walk(fieldValue, path + "." + field.getName(), seen, found);
                }
            }
        }
    }

    private static Object read(Field field, Object target) {
        try {
            field.setAccessible(true);
            return field.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
