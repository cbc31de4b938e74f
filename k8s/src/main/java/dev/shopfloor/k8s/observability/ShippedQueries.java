package dev.shopfloor.k8s.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The PromQL queries Shopfloor ships with its Kubernetes manifests, read from the files themselves:
 *
 * <ul>
 *   <li>Grafana dashboards: every {@code *.json} in a folder named {@code dashboards} under {@code k8s/};
 *   <li>Prometheus rule files: every {@code *.yaml} or {@code *.yml} in a folder named {@code alerts} under {@code k8s/},
 *       but the {@code kustomization.yaml} that ships them.
 * </ul>
 *
 * A query is every {@code expr} field, wherever it sits in the file (a panel's targets, a dashboard annotation, a rule).
 * The production overlay's PrometheusRule holds the same rules as the rule file (a test in this module keeps it so), and
 * is not read again.
 */
public final class ShippedQueries {

    /** Where Grafana dashboards and Prometheus rule files live, relative to the repository root. */
    public static final Path MANIFESTS = Path.of("k8s");

    /** The file names Kustomize reads as a kustomization, never as a rule file. */
    private static final Set<String> KUSTOMIZATIONS =
            Set.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private ShippedQueries() {}

    /**
     * One query of one shipped file.
     *
     * @param source the file (under the {@code repositoryRoot} given to {@link #all})
     * @param location where in the file, e.g. {@code panels[3 "Sagas started"].targets[0]} or {@code
     *     groups[0].rules[2 "SagasOverdue"]}
     * @param expression the PromQL expression as written (Grafana variables included)
     */
    public record Query(Path source, String location, String expression) {}

    /**
     * Every query of every dashboard and rule file, in file order.
     *
     * @param repositoryRoot the root folder of a Shopfloor checkout
     * @throws UncheckedIOException when a file cannot be read
     * @throws IllegalArgumentException when a file does not parse, or no dashboard or no rule file is found (a moved
     *     folder would otherwise pass every check with nothing to check)
     */
    public static List<Query> all(Path repositoryRoot) {
        List<Path> dashboards = files(repositoryRoot, "dashboards", ".json");
        List<Path> ruleFiles = files(repositoryRoot, "alerts", ".yaml", ".yml");
        if (dashboards.isEmpty() || ruleFiles.isEmpty()) {
            throw new IllegalArgumentException("no dashboards (" + dashboards.size() + ") or no rule files ("
                    + ruleFiles.size() + ") under " + repositoryRoot.resolve(MANIFESTS));
        }
        List<Query> queries = new ArrayList<>();
        for (Path file : dashboards) {
            collect(file, read(file), "", queries);
        }
        for (Path file : ruleFiles) {
            collect(file, read(file), "", queries);
        }
        return queries;
    }

    /** The Grafana dashboards ({@code k8s/**}{@code /dashboards/*.json}), sorted by path. */
    public static List<Path> dashboards(Path repositoryRoot) {
        return files(repositoryRoot, "dashboards", ".json");
    }

    /** The Prometheus rule files ({@code k8s/**}{@code /alerts/*.yaml}), sorted by path. */
    public static List<Path> ruleFiles(Path repositoryRoot) {
        return files(repositoryRoot, "alerts", ".yaml", ".yml");
    }

    /**
     * A dashboard or rule file as maps, lists and scalars (a JSON document is read as the YAML it also is).
     *
     * @throws IllegalArgumentException when it does not parse
     */
    public static Object read(Path file) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + " does not parse: " + e.getMessage(), e);
        }
    }

    private static List<Path> files(Path repositoryRoot, String folder, String... extensions) {
        Path manifests = repositoryRoot.resolve(MANIFESTS);
        if (!Files.isDirectory(manifests)) {
            throw new IllegalArgumentException(repositoryRoot + " is no Shopfloor checkout: it has no " + MANIFESTS);
        }
        try (Stream<Path> walk = Files.walk(manifests)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> f.getParent().getFileName().toString().equals(folder))
                    .filter(f -> !KUSTOMIZATIONS.contains(f.getFileName().toString()))
                    .filter(f -> Stream.of(extensions)
                            .anyMatch(e -> f.getFileName().toString().endsWith(e)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(Path file, Object node, String location, List<Query> queries) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("expr".equals(key) && value instanceof String expression) {
                    queries.add(new Query(file, location.isEmpty() ? "." : location, expression));
                } else {
                    collect(file, value, location + (location.isEmpty() ? "" : ".") + key, queries);
                }
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(file, list.get(i), location + "[" + i + name(list.get(i)) + "]", queries);
            }
        }
    }

    /** A list element's own name, for locations a reader can find: a panel's title, a rule's alert or record. */
    private static String name(Object element) {
        if (element instanceof Map<?, ?> map) {
            for (String key : List.of("title", "alert", "record")) {
                if (map.get(key) instanceof String name && !name.isBlank()) {
                    return " \"" + name + "\"";
                }
            }
        }
        return "";
    }
}
