package dev.shopfloor.k8s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize target of {@code k8s/} with {@code kubectl kustomize}, offline, once per test run. Where kubectl
 * is not installed the calling test is skipped (a JUnit assumption), with a message that says so; any other failure
 * to render fails the test.
 */
final class Kustomize {

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();
    private static volatile Boolean kubectlAvailable;

    private Kustomize() {}

    /** The objects that {@code kubectl kustomize k8s/<target>} prints, e.g. {@code render("overlays/workshop")}. */
    static Manifests render(String target) {
        assumeTrue(
                kubectlAvailable(),
                "kubectl is not on the PATH: the Kubernetes manifests are not rendered or checked in this run "
                        + "(install kubectl to run these tests)");
        return RENDERED.computeIfAbsent(target, Kustomize::run);
    }

    private static Manifests run(String target) {
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder("kubectl", "kustomize", target)
                        .directory(Repository.K8S.toFile())
                        .redirectError(errors.toFile())
                        .start();
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + target + " did not finish in 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + target + " failed (exit " + process.exitValue()
                            + "):\n" + Files.readString(errors));
                }
                return Manifests.parse(target, new String(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl kustomize " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean kubectlAvailable() {
        if (kubectlAvailable == null) {
            boolean available;
            try {
                Process process = new ProcessBuilder("kubectl", "version", "--client")
                        .redirectErrorStream(true)
                        .start();
                process.getInputStream().readAllBytes();
                available = process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
            kubectlAvailable = available;
        }
        return kubectlAvailable;
    }
}
