package dev.shopfloor.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the Shopfloor repository that the manifest tests read: the k8s module, the compose file, the services. */
final class Repository {

    /** The repository's root folder (the parent of this module). */
    static final Path ROOT = findRoot();

    static final Path K8S = ROOT.resolve("k8s");
    static final Path COMPOSE_FILE = ROOT.resolve("infra/compose/compose.yaml");
    static final Path POSTGRES_INIT_SCRIPT = ROOT.resolve("infra/compose/postgres-init.sql");

    /** The Kustomize targets that must render: the base and every overlay. */
    static final String BASE = "base";

    static final String WORKSHOP = "overlays/workshop";
    static final String PRODUCTION = "overlays/production";

    private Repository() {}

    static Path module(String module) {
        return ROOT.resolve(module);
    }

    private static Path findRoot() {
        // Surefire runs in the module folder; an IDE may run from the root.
        Path here = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("k8s/base")) && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the Shopfloor repository above " + here);
    }
}
