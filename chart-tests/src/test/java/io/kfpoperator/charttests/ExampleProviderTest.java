package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleProviderTest {

    @Test
    @SuppressWarnings("unchecked")
    void exampleProviderUsesTheOperatorImageAndTheProviderServiceAccount() {
        GenericKubernetesResource provider = Helm.renderAllTogglesOn().generic("Provider").get(0);
        Map<String, Object> spec = (Map<String, Object>) provider.getAdditionalProperties().get("spec");

        assertThat(provider.getApiVersion()).isEqualTo("pipelines.kubeflow.org/v1beta1");
        assertThat(provider.getMetadata().getNamespace()).isEqualTo("kfp-operator-system");
        assertThat(spec).containsEntry("serviceImage", "ghcr.io/kfp-operator/kfp-operator:0.1.0")
                .containsEntry("serviceAccount", "kfp-operator-provider")
                .containsKey("pipelineRootStorage");
        assertThat(spec.get("podTemplateEnv").toString()).contains("PLATFORM", "simulated");
        assertThat(Helm.renderDefaults().generic("Provider")).isEmpty();
    }
}
