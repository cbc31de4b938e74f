package dev.shopfloor.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The images the manifests run are the ones the build makes: Jib is configured in the root pom's {@code images}
 * profile only (a normal build never runs it), for exactly the modules that opt in with {@code jib.skip=false}, which
 * are exactly the services the manifests deploy; the image runs as a non-root user on a pinned JRE 21 base, with heap
 * sized from the container's memory and OCI labels.
 */
class ImageBuildTest {

    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    @Test
    void buildsAnImageOfExactlyTheServicesTheManifestsDeploy() throws Exception {
        Set<String> optedIn = new TreeSet<>();
        for (String module : modules()) {
            Document pom = parse(Repository.module(module).resolve("pom.xml"));
            if ("false".equals(text(pom, "/project/properties/jib.skip"))) {
                optedIn.add(text(pom, "/project/artifactId"));
            }
        }
        Set<String> deployed = new TreeSet<>();
        Platform.SERVICES.forEach(s -> deployed.add(s.name()));

        assertThat(optedIn).isEqualTo(deployed);
    }

    @Test
    void configuresJibOnlyInTheImagesProfileWhichNothingActivatesByItself() throws Exception {
        Document root = parse(Repository.ROOT.resolve("pom.xml"));

        assertThat(count(root, "/project/build//plugin[artifactId='jib-maven-plugin']"))
                .isZero();
        assertThat(count(root, "/project/profiles/profile[id='images']/activation"))
                .isZero();
        assertThat(text(root, profile("properties/jib.skip"))).isEqualTo("true");
        assertThat(text(root, jib("version"))).isEqualTo("3.5.2");
        assertThat(text(root, jib("configuration/to/image")))
                .isEqualTo("${image.registry}/shopfloor/${project.artifactId}:${project.version}");
    }

    @Test
    void runsTheImageAsANonRootUserOnAPinnedJre21BaseWithHeapSizedFromTheContainer() throws Exception {
        Document root = parse(Repository.ROOT.resolve("pom.xml"));
        String base = text(root, profile("properties/image.base"));
        String user = text(root, jib("configuration/container/user"));
        List<String> flags = texts(root, jib("configuration/container/jvmFlags/jvmFlag"));

        assertThat(text(root, jib("configuration/from/image"))).isEqualTo("${image.base}");
        assertThat(base).matches("eclipse-temurin:21\\.\\d+\\.\\d+_\\d+-jre(-[a-z0-9]+)?(@sha256:[0-9a-f]{64})?");
        assertThat(user).matches("[1-9]\\d*(:\\d+)?");
        assertThat(flags).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void labelsTheImageWithOpenContainersAnnotations() throws Exception {
        Document root = parse(Repository.ROOT.resolve("pom.xml"));
        NodeList labels =
                (NodeList) XPATH.evaluate(jib("configuration/container/labels/*"), root, XPathConstants.NODESET);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < labels.getLength(); i++) {
            names.add(labels.item(i).getNodeName());
        }

        assertThat(names)
                .allMatch(name -> name.startsWith("org.opencontainers.image."))
                .contains(
                        "org.opencontainers.image.title",
                        "org.opencontainers.image.version",
                        "org.opencontainers.image.revision");
    }

    @Test
    void tagsTheManifestsImagesWithTheProjectVersionThatJibUses() {
        assertThat(Policies.images(Kustomize.render(Repository.BASE), Platform.projectVersion()))
                .isEmpty();
    }

    private static List<String> modules() throws Exception {
        List<String> modules = texts(parse(Repository.ROOT.resolve("pom.xml")), "/project/modules/module");
        assertThat(modules)
                .contains("k8s")
                .allMatch(m -> Files.isRegularFile(Repository.module(m).resolve("pom.xml")));
        return modules;
    }

    private static String profile(String path) {
        return "/project/profiles/profile[id='images']/" + path;
    }

    private static String jib(String path) {
        return profile("build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']/" + path);
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static String text(Document document, String path) throws Exception {
        return XPATH.evaluate(path, document).trim();
    }

    private static List<String> texts(Document document, String path) throws Exception {
        NodeList nodes = (NodeList) XPATH.evaluate(path, document, XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().trim());
        }
        return values;
    }

    private static int count(Document document, String path) throws Exception {
        return ((NodeList) XPATH.evaluate(path, document, XPathConstants.NODESET)).getLength();
    }
}
