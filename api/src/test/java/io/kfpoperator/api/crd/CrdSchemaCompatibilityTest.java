package io.kfpoperator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kfpoperator.api.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Manifests written for the Go kfp-operator must be accepted and read the same by ours: every
 * property path of upstream's v1beta1 schema exists in our CRD with the same type, required-ness,
 * enum and pattern. Deliberate differences are listed here and in docs/compatibility.md.
 */
class CrdSchemaCompatibilityTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<String> referenceCrds() throws IOException {
        try (Stream<Path> files = Files.list(Repository.reference().resolve("kfp-operator/crds"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("referenceCrds")
    void everyUpstreamPropertyExistsWithTheSameFacts(String fileName) throws IOException {
        JsonNode upstream = YAML.readTree(Repository.reference().resolve("kfp-operator/crds").resolve(fileName).toFile());
        JsonNode ours = YAML.readTree(Repository.root().resolve("api/target/crds").resolve(fileName).toFile());

        assertThat(ours.at("/spec/names/shortNames")).isEqualTo(upstream.at("/spec/names/shortNames"));
        assertThat(ours.at("/spec/scope").asText()).isEqualTo("Namespaced");
        JsonNode upstreamVersion = version(upstream, "v1beta1");
        JsonNode ourVersion = version(ours, "v1beta1");
        assertThat(ourVersion.path("served").asBoolean()).isTrue();
        assertThat(ourVersion.path("storage").asBoolean()).isTrue();
        assertThat(ourVersion.at("/subresources/status").isObject()).isTrue();
        // Upstream's columns, in upstream's order, first; ours (Run's Attempts) may follow.
        List<String> upstreamColumns = printerColumns(upstreamVersion);
        List<String> ourColumns = printerColumns(ourVersion);
        assertThat(ourColumns.subList(0, Math.min(upstreamColumns.size(), ourColumns.size()))).isEqualTo(upstreamColumns);

        Map<String, SchemaPaths.Facts> expected = SchemaPaths.of(upstreamVersion.at("/schema/openAPIV3Schema"));
        Map<String, SchemaPaths.Facts> actual = SchemaPaths.of(ourVersion.at("/schema/openAPIV3Schema"));
        List<String> differences = new ArrayList<>();
        expected.forEach((path, facts) -> {
            SchemaPaths.Facts found = actual.get(path);
            if (found == null) {
                differences.add(path + " missing (upstream: " + facts + ")");
            } else if (!found.equals(facts)) {
                differences.add(path + " differs: upstream " + facts + ", ours " + found);
            }
        });
        differences.removeIf(CrdSchemaCompatibilityTest::isDocumentedCoreTypeDifference);
        assertThat(differences).as("differences from upstream's %s", fileName).isEmpty();
    }

    /**
     * docs/compatibility.md: inside the Kubernetes core types a Provider embeds (env vars,
     * volumes, mounts) our schema comes from fabric8's model, which carries no required markers
     * below the list keys, no Quantity patterns, and lacks fields newer than its Kubernetes
     * version. The API server checks all of these when the controller creates the provider's
     * Deployment. Types still have to match.
     */
    private static boolean isDocumentedCoreTypeDifference(String difference) {
        boolean inCoreTypes = difference.startsWith(".spec.podTemplateEnv[].valueFrom.")
                || difference.startsWith(".spec.podTemplateVolumes[].");
        if (!inCoreTypes) {
            return false;
        }
        if (difference.contains(" missing ")) {
            return difference.contains(".podCertificate.userAnnotations");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("upstream type=(\\S+).*, ours type=(\\S+)").matcher(difference);
        return m.find() && m.group(1).equals(m.group(2));
    }

    private static JsonNode version(JsonNode crd, String name) {
        for (JsonNode v : crd.at("/spec/versions")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no version " + name);
    }

    /**
     * name, type and JSON path of each column `kubectl get` shows by default (priority 0; ours of
     * priority 1 appear with `-o wide` only), in order; quoting inside the path normalised.
     */
    private static List<String> printerColumns(JsonNode version) {
        List<String> columns = new ArrayList<>();
        for (JsonNode c : version.path("additionalPrinterColumns")) {
            if (c.path("priority").asInt(0) == 0) {
                columns.add(c.path("name").asText() + " " + c.path("type").asText() + " "
                        + c.path("jsonPath").asText().replace("'", "\"").replace(" ", ""));
            }
        }
        return columns;
    }
}
