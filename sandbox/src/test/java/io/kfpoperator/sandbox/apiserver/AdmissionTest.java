package io.kfpoperator.sandbox.apiserver;

import static io.kfpoperator.sandbox.apiserver.JsonPathTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.api.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final ResourceType PIPELINES = ResourceRegistry.of(DiscoveryTest.ourCrds())
            .find("pipelines.kubeflow.org", "v1beta1", "pipelines").orElseThrow();

    @Test
    void unknownFieldsAreRejectedWithTheirPathAsA422Status() {
        List<Violation> violations = Admission.review(json("""
                {"apiVersion": "pipelines.kubeflow.org/v1beta1", "kind": "Pipeline", "metadata": {"name": "p"},
                 "spec": {"provider": "kfp-operator/kfp", "image": "i:v1", "framwork": {"name": "static"}}}
                """), null);

        assertThat(violations).extracting(Violation::path).containsExactly("spec.framwork");
        ObjectNode status = Admission.invalid(PIPELINES, "p", violations);
        assertThat(status.path("code").asInt()).isEqualTo(422);
        assertThat(status.path("reason").asText()).isEqualTo("Invalid");
        assertThat(status.path("message").asText()).startsWith("Pipeline.pipelines.kubeflow.org \"p\" is invalid: spec.framwork: ");
        assertThat(status.at("/details/causes/0/field").asText()).isEqualTo("spec.framwork");
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
