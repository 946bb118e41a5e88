package io.kfpoperator.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Our CRDs as the kfp-operator-api jar ships them (io/kfpoperator/api/crds, the chart's files), and YAML/JSON helpers for the tests. */
final class Crds {

    static final List<String> PLURALS =
            List.of("providers", "pipelines", "experiments", "runconfigurations", "runschedules", "runs");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private Crds() {
    }

    static JsonNode crd(String plural) {
        String resource = "io/kfpoperator/api/crds/pipelines.kubeflow.org_" + plural + ".yaml";
        try (InputStream in = Crds.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The openAPIV3Schema of the CRD's first (only) version. */
    static JsonNode schema(String plural) {
        return crd(plural).path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    }

    static CelValidator validator(String plural) {
        return CelValidator.compile(schema(plural));
    }

    /** YAML (or JSON) text as a tree. */
    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
