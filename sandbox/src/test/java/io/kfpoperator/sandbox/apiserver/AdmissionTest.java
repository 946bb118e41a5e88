package io.kfpoperator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.admission.AdmissionHook;
import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceType PIPELINES = ResourceRegistry.of(crds())
            .find("pipelines.kubeflow.org", "v1beta1", "pipelines").orElseThrow();
    private static final ResourceType RUN_CONFIGURATIONS = ResourceRegistry.of(crds())
            .find("pipelines.kubeflow.org", "v1beta1", "runconfigurations").orElseThrow();

    private static List<com.fasterxml.jackson.databind.JsonNode> crds() {
        ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        List<com.fasterxml.jackson.databind.JsonNode> crds = new ArrayList<>();
        for (var in : EmbeddedApiServer.ourCrds()) {
            try (in) {
                crds.add(yaml.readTree(in));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return crds;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRuleTheSchemaCannotExpressIsRefusedWithItsFieldPath() {
        // Cron syntax: the schema can only say "a string", so the operator's validator checks it at admission.
        AdmissionHook.Verdict verdict = new Admission().review(new AdmissionHook.Request(RUN_CONFIGURATIONS, "CREATE", json("""
                {"apiVersion": "pipelines.kubeflow.org/v1beta1", "kind": "RunConfiguration", "metadata": {"name": "rc", "namespace": "default"},
                 "spec": {"run": {"provider": "kfp-operator/kfp", "pipeline": "hello-world"},
                          "triggers": {"schedules": [{"cronExpression": "every day at noon"}]}}}
                """), null, false));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.errors()).extracting(e -> e.field()).containsExactly("spec.triggers.schedules[0].cronExpression");
        assertThat(verdict.rejection(RUN_CONFIGURATIONS, "rc").status().path("message").asText())
                .startsWith("RunConfiguration.pipelines.kubeflow.org \"rc\" is invalid: spec.triggers.schedules[0].cronExpression: Invalid value: ");
    }

    @Test
    void aValidPipelineIsAdmitted() {
        assertThat(Admission.review(json("""
                {"apiVersion": "pipelines.kubeflow.org/v1beta1", "kind": "Pipeline", "metadata": {"name": "p"},
                 "spec": {"provider": "kfp-operator/kfp", "image": "i:v1",
                          "framework": {"name": "static", "parameters": {"uri": "file://x.yaml"}}}}
                """), null)).isEmpty();
    }

    @Test
    void admissionAppliesToOurKindsOnly() {
        assertThat(Admission.applies(PIPELINES)).isTrue();
        assertThat(Admission.applies(ResourceRegistry.BUILTINS.get(0))).isFalse();
    }
}
