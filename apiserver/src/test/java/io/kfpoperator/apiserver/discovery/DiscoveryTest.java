package io.kfpoperator.apiserver.discovery;

import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Discovery and OpenAPI documents built from our real CRDs. */
class DiscoveryTest {

    private static final ResourceRegistry REGISTRY = ResourceRegistry.of(ourCrds());

    @Test
    void apisListsOurGroupBesideTheBuiltIns() {
        ObjectNode groups = Discovery.groupList(REGISTRY);
        assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
        assertThat(groups.path("groups").findValuesAsText("name"))
                .contains("pipelines.kubeflow.org", "apps", "coordination.k8s.io", "apiextensions.k8s.io");
        JsonNode ours = Discovery.group(REGISTRY, "pipelines.kubeflow.org").orElseThrow();
        assertThat(ours.at("/preferredVersion/groupVersion").asText()).isEqualTo("pipelines.kubeflow.org/v1beta1");
        assertThat(Discovery.group(REGISTRY, "unknown.example.com")).isEmpty();
    }

    @Test
    void groupVersionListsOurKindsWithShortNamesVerbsAndStatus() {
        JsonNode list = Discovery.resourceList(REGISTRY, "pipelines.kubeflow.org", "v1beta1").orElseThrow();
        assertThat(list.path("groupVersion").asText()).isEqualTo("pipelines.kubeflow.org/v1beta1");
        JsonNode pipelines = resource(list, "pipelines");
        assertThat(pipelines.path("kind").asText()).isEqualTo("Pipeline");
        assertThat(pipelines.path("namespaced").asBoolean()).isTrue();
        assertThat(pipelines.path("shortNames").toString()).isEqualTo("[\"mlp\"]");
        assertThat(pipelines.path("verbs").toString()).contains("watch", "patch", "create", "delete");
        assertThat(resource(list, "pipelines/status").path("verbs").toString()).isEqualTo("[\"get\",\"patch\",\"update\"]");
        assertThat(list.path("resources").findValuesAsText("name"))
                .contains("providers", "experiments", "runconfigurations", "runschedules", "runs");
    }

    @Test
    void coreAndAppsServeWhatKubectlAndTheControllerUse() {
        JsonNode core = Discovery.resourceList(REGISTRY, "", "v1").orElseThrow();
        assertThat(core.path("groupVersion").asText()).isEqualTo("v1");
        assertThat(resource(core, "namespaces").path("namespaced").asBoolean()).isFalse();
        assertThat(core.path("resources").findValuesAsText("name")).contains("events", "configmaps", "services");
        assertThat(resource(Discovery.resourceList(REGISTRY, "apps", "v1").orElseThrow(), "deployments").path("kind").asText())
                .isEqualTo("Deployment");
    }

    @Test
    void openApiDocumentsCarryTheSchemaAndDeclareServerSideFieldValidation() {
        JsonNode index = OpenApi.index(REGISTRY);
        assertThat(index.at("/paths/apis~1pipelines.kubeflow.org~1v1beta1/serverRelativeURL").asText())
                .startsWith("/openapi/v3/apis/pipelines.kubeflow.org/v1beta1?hash=");
        assertThat(index.at("/paths/api~1v1/serverRelativeURL").asText()).startsWith("/openapi/v3/api/v1");

        JsonNode doc = OpenApi.document(REGISTRY, "pipelines.kubeflow.org/v1beta1").orElseThrow();
        JsonNode pipeline = doc.at("/components/schemas/org.kubeflow.pipelines.v1beta1.Pipeline");
        assertThat(pipeline.at("/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("Pipeline");
        assertThat(pipeline.at("/properties/spec/properties/image/type").asText()).isEqualTo("string");
        JsonNode patch = doc.at("/paths/~1apis~1pipelines.kubeflow.org~1v1beta1~1namespaces~1{namespace}~1pipelines~1{name}/patch");
        assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Pipeline");
        assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation");
    }

    private static JsonNode resource(JsonNode list, String name) {
        for (JsonNode resource : list.path("resources")) {
            if (resource.path("name").asText().equals(name)) {
                return resource;
            }
        }
        throw new AssertionError("no resource " + name + " in " + list);
    }

    static List<JsonNode> ourCrds() {
        return io.kfpoperator.apiserver.testing.OurCrds.documents();
    }
}
