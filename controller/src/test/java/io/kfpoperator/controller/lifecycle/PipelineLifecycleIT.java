package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Event;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.controller.testing.ControllerHarness;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import io.kfpoperator.provider.simulated.SimulatedPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineLifecycleIT extends ControllerTestBase {

    @Test
    void staticPipelineIsUploadedVersionedAndDeleted() {
        harness.apply(Manifests.staticPipeline("hello", "ghcr.io/example/hello:v1"));

        Pipeline created = awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        assertThat(created.getStatus().getVersion()).matches("v1-[0-9a-f]{6}");
        assertThat(created.getStatus().getProvider().getName()).isEqualTo("kfp-operator/simulated");
        assertThat(created.getStatus().getObservedGeneration()).isEqualTo(created.getMetadata().getGeneration());
        List<SimulatedPipeline> onPlatform = harness.platform.pipelines();
        assertThat(onPlatform).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("default/hello");
            assertThat(p.versions()).containsExactly(created.getStatus().getVersion());
        });

        harness.apply(Manifests.staticPipeline("hello", "ghcr.io/example/hello:v2"));
        Pipeline updated = awaitResource(Pipeline.class, "hello",
                p -> stateOf(p) == SynchronizationState.SUCCEEDED && p.getStatus().getVersion().startsWith("v2-"));
        assertThat(updated.getStatus().getProvider().getId()).isEqualTo(created.getStatus().getProvider().getId());
        assertThat(harness.platform.pipelines()).singleElement()
                .satisfies(p -> assertThat(p.versions()).containsExactly(created.getStatus().getVersion(), updated.getStatus().getVersion()));

        harness.client.resource(updated).delete();
        eventually().until(() -> get(Pipeline.class, "hello") == null);
        assertThat(harness.platform.pipelines()).isEmpty();
        assertThat(events("hello")).extracting(Event::getReason).contains("Syncing", "Synced");
    }

    @Test
    void containerFrameworkIsCompiledBySimulatedCompilerAndSaysSo() {
        harness.apply(Manifests.provider("with-tfx", "frameworks: [{name: tfx, image: \"tfx-compiler:1\"}]"));
        harness.apply(Manifests.tfxPipeline("penguin", "kfp-operator/with-tfx", "penguin:v3"));

        awaitState(Pipeline.class, "penguin", SynchronizationState.SUCCEEDED);
        assertThat(events("penguin")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("SimulatedCompilation");
            assertThat(e.getMessage()).contains("simulated compiler").contains("tfx");
        });
    }

    @Test
    void frameworkNotOfferedByTheProviderFailsWithFieldPath() {
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata: {name: penguin, namespace: default}
                spec:
                  provider: kfp-operator/simulated
                  image: penguin:v3
                  framework: {name: tfx, parameters: {}}
                """);

        Pipeline failed = awaitState(Pipeline.class, "penguin", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).isEqualTo(
                "spec.framework.name: framework 'tfx' is not supported by Provider 'kfp-operator/simulated' (supported: only static)");
        assertThat(harness.platform.pipelines()).isEmpty();
    }

    @Test
    void unreadableCompiledPipelineFailsWithTheReason() {
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata: {name: hello, namespace: default}
                spec:
                  provider: kfp-operator/simulated
                  image: hello:v1
                  framework: {name: static, parameters: {uri: "file:///does/not/exist.yaml"}}
                """);

        Pipeline failed = awaitState(Pipeline.class, "hello", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).contains("file:///does/not/exist.yaml does not exist");
    }

    @Test
    void pipelineWaitsForItsProviderThenSucceeds() {
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata: {name: hello, namespace: default}
                spec:
                  provider: kfp-operator/later
                  image: hello:v1
                  framework: {name: static, parameters: {uri: "file://%s"}}
                """.formatted(ControllerHarness.repositoryRoot().resolve("examples/pipelines/hello-world.yaml")));
        Pipeline failed = awaitState(Pipeline.class, "hello", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).isEqualTo("spec.provider: Provider 'kfp-operator/later' does not exist");

        harness.apply(PROVIDER.replace("name: simulated", "name: later"));

        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
    }

    private List<Event> events(String name) {
        return harness.client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    @Test
    void frameworkPatchesReachTheProviderServiceThroughTheDirectEngine() {
        harness.apply(Manifests.provider("patched", """
                frameworks:
                  - name: tfx
                    image: "tfx-compiler:1"
                    patches:
                      - {type: json, payload: '[{"op": "add", "path": "/framework/parameters/beamArgs", "value": [{"name": "runner", "value": "Dataflow"}]}]'}
                      - {type: merge, payload: '{"env": [{"name": "GPU", "value": "1"}]}'}
                """));
        harness.apply(Manifests.tfxPipeline("penguin", "kfp-operator/patched", "penguin:v3"));

        awaitState(Pipeline.class, "penguin", SynchronizationState.SUCCEEDED);
        assertThat(harness.receivedPipelines).singleElement().satisfies(call -> {
            var definition = (io.kfpoperator.provider.contract.PipelineDefinition) call[0];
            assertThat(definition.framework().parameters()).containsKey("beamArgs");
            assertThat(definition.framework().parameters().get("beamArgs").toString()).isEqualTo("[{\"name\":\"runner\",\"value\":\"Dataflow\"}]");
            assertThat(definition.env()).extracting(v -> v.name() + "=" + v.value()).containsExactly("GPU=1");
        });
    }

    @Test
    void aPatchSpeltAsTheGoOperatorsDocumentationWritesItIsApplied() {
        // Its Provider reference page writes "patch:" where its CRD has "payload:".
        harness.apply(Manifests.provider("documented", """
                frameworks:
                  - name: tfx
                    image: "tfx-compiler:1"
                    patches:
                      - type: json
                        patch: |
                          [
                            {
                              "op": "add",
                              "path": "/framework/parameters/beamArgs",
                              "value": [{"name": "project", "value": "ml-team"}]
                            }
                          ]
                """));
        harness.apply(Manifests.tfxPipeline("penguin", "kfp-operator/documented", "penguin:v3"));

        awaitState(Pipeline.class, "penguin", SynchronizationState.SUCCEEDED);
        assertThat(harness.receivedPipelines).singleElement().satisfies(call -> {
            var definition = (io.kfpoperator.provider.contract.PipelineDefinition) call[0];
            assertThat(definition.framework().parameters().get("beamArgs").toString()).isEqualTo("[{\"name\":\"project\",\"value\":\"ml-team\"}]");
        });
    }

    @Test
    void aPatchWithBothPayloadAndPatchIsRefusedAtApply() {
        assertThatThrownBy(() -> harness.apply(Manifests.provider("both",
                "frameworks: [{name: tfx, image: \"tfx-compiler:1\", patches: [{type: merge, payload: '{\"a\": 1}', patch: '{\"a\": 2}'}]}]")))
                .hasMessageContaining("spec.frameworks[0].patches[0]")
                .hasMessageContaining("set payload or its alias patch, not both");
    }

    @Test
    void aPatchThatDoesNotApplyFailsThePipelineNamingTheProvidersField() {
        harness.apply(Manifests.provider("badpatch",
                "frameworks: [{name: tfx, image: \"tfx-compiler:1\", patches: [{type: json, payload: '[{\"op\": \"remove\", \"path\": \"/nothing\"}]'}]}]"));
        harness.apply(Manifests.tfxPipeline("penguin", "kfp-operator/badpatch", "penguin:v3"));

        Pipeline failed = awaitState(Pipeline.class, "penguin", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).startsWith("Provider kfp-operator/badpatch spec.frameworks[0].patches[0]: does not apply");
        assertThat(harness.receivedPipelines).isEmpty();
    }

    @Test
    void aProviderSelectingTheArgoEngineIsRefusedWhileTheControllerHasItOff() {
        harness.apply(Manifests.provider("viaargo", "executionEngine: argo"));
        harness.apply(Manifests.staticPipeline("hello", "ghcr.io/example/hello:v1").replace("kfp-operator/simulated", "kfp-operator/viaargo"));

        Pipeline failed = awaitState(Pipeline.class, "hello", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).contains("selects the argo execution engine").contains("spec.argo.enabled");
    }
}
