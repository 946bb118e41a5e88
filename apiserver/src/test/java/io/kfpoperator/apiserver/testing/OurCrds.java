package io.kfpoperator.apiserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The operator's CRDs as the api module generates them (on the test class path from kfp-operator-api). */
public final class OurCrds {

    public static final List<String> RESOURCES = List.of("providers", "pipelines", "experiments", "runconfigurations", "runschedules", "runs")
            .stream().map(plural -> "io/kfpoperator/api/crds/pipelines.kubeflow.org_" + plural + ".yaml").toList();

    private OurCrds() {
    }

    public static List<InputStream> streams() {
        List<InputStream> streams = new ArrayList<>();
        for (String resource : RESOURCES) {
            InputStream in = OurCrds.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException("CRD " + resource + " is missing from the class path (kfp-operator-api jar)");
            }
            streams.add(in);
        }
        return streams;
    }

    public static List<JsonNode> documents() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> crds = new ArrayList<>();
        for (InputStream in : streams()) {
            try (in) {
                crds.add(yaml.readTree(in));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return crds;
    }
}
