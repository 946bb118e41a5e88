package io.kfpoperator.controller.engine;

import static io.kfpoperator.controller.engine.argo.Workflows.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.CustomResource;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.argo.Workflows;
import io.kfpoperator.controller.kube.Labels;
import io.kfpoperator.controller.testing.ArgoSchema;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.FakeArgoController;
import io.kfpoperator.controller.testing.Manifests;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The argo engine against a fake Argo controller that makes the provider calls the templates
 * describe on the real provider service (simulated platform): every kind is created, updated and
 * deleted through Workflows, with the same outcome as through the direct engine.
 */
class ArgoEngineIT extends ControllerTestBase {

    /** A Provider named after its engine, with a tfx compiler and a merge patch. */
    private static String provider(String engine) {
        return Manifests.provider(engine, """
                executionEngine: %s
                frameworks:
                  - name: tfx
                    image: "tfx-compiler:1"
                    patches:
                      - {type: merge, payload: '{"framework": {"parameters": {"beamArgs": [{"name": "runner", "value": "DataflowRunner"}]}}}'}
                """.formatted(engine));
    }

    private FakeArgoController argo;

    @Override
    protected OperatorConfig config() {
        return ConfigLoader.load(null, Map.of("spec.argo.enabled", "true"));
    }

    @Override
    protected void beforeControllerStarts() {
        harness.installArgoCrds();
        harness.apply(provider("argo"));
        harness.apply(provider("direct"));
    }

    @BeforeEach
    void startArgo() {
        argo = new FakeArgoController(harness.client, harness.providerService.localUri());
    }

    @AfterEach
    void stopArgo() {
        argo.close();
    }

    private static String pipeline(String name, String provider, String image) {
        return Manifests.tfxPipeline(name, "kfp-operator/" + provider, image);
    }

    private static String experiment(String name, String provider, String description) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Experiment
                metadata: {name: %s, namespace: default}
                spec: {provider: kfp-operator/%s, description: "%s"}
                """.formatted(name, provider, description);
    }

    private static String schedule(String name, String provider, String pipeline, String cron) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunSchedule
                metadata: {name: %s, namespace: default}
                spec:
                  provider: kfp-operator/%s
                  pipeline: %s
                  schedule: {cronExpression: "%s"}
                """.formatted(name, provider, pipeline, cron);
    }

    private static String run(String name, String provider, String pipeline) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: %s, namespace: default}
                spec: {provider: kfp-operator/%s, pipeline: %s, parameters: [{name: message, value: hi}]}
                """.formatted(name, provider, pipeline);
    }

    /** Creates, updates and deletes one of each kind through {@code provider}; returns what the platform held at each step. */
    private Map<String, Object> lifecycle(String provider) {
        String p = provider + "-pipe";
        harness.apply(pipeline(p, provider, "penguin:v1"));
        harness.apply(experiment(provider + "-exp", provider, "first"));
        awaitState(Pipeline.class, p, SynchronizationState.SUCCEEDED);
        harness.apply(schedule(provider + "-nightly", provider, p, "0 2 * * *"));
        harness.apply(run(provider + "-once", provider, p));
        List<CustomResource<?, ?>> created = List.of(
                awaitState(Pipeline.class, p, SynchronizationState.SUCCEEDED),
                awaitState(Experiment.class, provider + "-exp", SynchronizationState.SUCCEEDED),
                awaitState(RunSchedule.class, provider + "-nightly", SynchronizationState.SUCCEEDED),
                awaitState(Run.class, provider + "-once", SynchronizationState.SUCCEEDED));
        Map<String, Object> afterCreate = platformOf(provider);

        harness.apply(pipeline(p, provider, "penguin:v2"));
        harness.apply(experiment(provider + "-exp", provider, "second"));
        harness.apply(schedule(provider + "-nightly", provider, p, "0 3 * * *"));
        Pipeline pipelineV2 = awaitResource(Pipeline.class, p, r -> stateOf(r) == SynchronizationState.SUCCEEDED
                && r.getStatus().getVersion().startsWith("v2-"));
        awaitResource(Experiment.class, provider + "-exp", r -> stateOf(r) == SynchronizationState.SUCCEEDED
                && !r.getStatus().getVersion().equals(((Experiment) created.get(1)).getStatus().getVersion()));
        awaitResource(RunSchedule.class, provider + "-nightly", r -> stateOf(r) == SynchronizationState.SUCCEEDED
                && !r.getStatus().getVersion().equals(((RunSchedule) created.get(2)).getStatus().getVersion()));
        Map<String, Object> afterUpdate = platformOf(provider);
        assertThat(pipelineV2.getStatus().getProvider().getId()).isEqualTo(((Pipeline) created.get(0)).getStatus().getProvider().getId());

        harness.client.resource(get(Run.class, provider + "-once")).delete();
        harness.client.resource(get(RunSchedule.class, provider + "-nightly")).delete();
        harness.client.resource(get(Experiment.class, provider + "-exp")).delete();
        harness.client.resource(get(Pipeline.class, p)).delete();
        eventually().until(() -> get(Run.class, provider + "-once") == null && get(RunSchedule.class, provider + "-nightly") == null
                && get(Experiment.class, provider + "-exp") == null && get(Pipeline.class, p) == null);
        return Map.of("created", afterCreate, "updated", afterUpdate, "deleted", platformOf(provider));
    }

    /** The platform's objects of one provider's resources, with ids left out (they differ between runs). */
    private Map<String, Object> platformOf(String provider) {
        String prefix = "default/" + provider + "-";
        Function<String, String> local = name -> name.substring(prefix.length());
        return Map.of(
                "pipelines", harness.platform.pipelines().stream().filter(x -> x.name().startsWith(prefix))
                        .map(x -> local.apply(x.name()) + " versions=" + x.versions().size()).sorted().toList(),
                "experiments", harness.platform.experiments().stream().filter(x -> x.name().startsWith(prefix))
                        .map(x -> local.apply(x.name()) + " " + x.description()).sorted().toList(),
                "schedules", harness.platform.runSchedules().stream().filter(x -> x.definition().name().startsWith(prefix))
                        .map(x -> local.apply(x.definition().name()) + " " + x.definition().schedule().cronExpression()).sorted().toList(),
                "runs", harness.platform.runs().stream().filter(x -> x.name() != null && x.name().startsWith(prefix))
                        .map(x -> local.apply(x.name())).sorted().toList());
    }

    @Test
    void everyKindIsCreatedUpdatedAndDeletedThroughWorkflowsAsThroughTheDirectEngine() {
        Map<String, Object> throughArgo = lifecycle("argo");
        Map<String, Object> direct = lifecycle("direct");

        assertThat(throughArgo).isEqualTo(direct);
        assertThat(throughArgo.get("deleted")).isEqualTo(Map.of("pipelines", List.of(), "experiments", List.of(),
                "schedules", List.of(), "runs", List.of()));

        List<GenericKubernetesResource> workflows = argo.workflows();
        assertThat(workflows).allSatisfy(w -> {
            assertThat(w.getMetadata().getNamespace()).isEqualTo("kfp-operator");
            assertThat(ArgoSchema.violations("Workflow", w)).isEmpty();
            assertThat(labels(w)).containsEntry(PROCESSED_LABEL, "true").containsEntry(Labels.OWNER_NAMESPACE, "default");
            assertThat(argument(w, PROVIDER_NAME)).contains("kfp-operator/argo");
        });
        Map<String, List<String>> templatesByOwner = workflows.stream().collect(Collectors.groupingBy(
                w -> labels(w).get(Labels.OWNER_KIND) + "/" + labels(w).get(Labels.OWNER_NAME),
                Collectors.mapping(Workflows::templateRef, Collectors.toList())));
        // The schedule follows its pipeline's version as well as its own spec: one update when the
        // pipeline's new version lands before the cron change is carried out, two when after.
        List<String> schedule = templatesByOwner.remove("runschedule/argo-nightly");
        assertThat(String.join(",", schedule)).matches("create-simple(,update-simple){1,2},delete");
        assertThat(templatesByOwner).containsOnly(
                Map.entry("pipeline/argo-pipe", List.of("create-compiled", "update-compiled", "delete")),
                Map.entry("experiment/argo-exp", List.of("create-simple", "update-simple", "delete")),
                Map.entry("run/argo-once", List.of("create-simple", "delete")));
        assertThat(workflows).allSatisfy(w -> assertThat(w.getMetadata().getName())
                .startsWith(labels(w).get(Labels.OWNER_KIND) + "-" + labels(w).get(Labels.OWNER_NAME) + "-"));
        assertThat(argo.providerCalls()).hasSize(workflows.size());
        // Each Workflow's duration is the provider request duration of the argo engine.
        assertThat(harness.registry.find("kfp_operator_provider_request_duration_seconds")
                .tags("provider", "kfp-operator/argo", "operation", "create_experiment", "outcome", "succeeded").timer())
                .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
    }

    @Test
    void workflowArgumentsAreThoseOfTheUpstreamTemplates() {
        harness.apply(pipeline("penguin", "argo", "penguin:v1"));
        Pipeline pipeline = awaitState(Pipeline.class, "penguin", SynchronizationState.SUCCEEDED);
        harness.apply(pipeline("penguin", "argo", "penguin:v2"));
        awaitResource(Pipeline.class, "penguin", r -> stateOf(r) == SynchronizationState.SUCCEEDED && r.getStatus().getVersion().startsWith("v2-"));

        GenericKubernetesResource create = workflowWithTemplate("create-compiled");
        assertThat(parameterNames(create)).containsExactly(RESOURCE_KIND, RESOURCE_DEFINITION, PROVIDER_NAME, PROVIDER_SERVICE_URL,
                PIPELINE_FRAMEWORK_IMAGE);
        assertThat(argument(create, RESOURCE_KIND)).contains("pipeline");
        assertThat(argument(create, PIPELINE_FRAMEWORK_IMAGE)).contains("tfx-compiler:1");
        assertThat(argument(create, PROVIDER_SERVICE_URL)).contains(harness.providerService.localUri().getHost() + ":" + harness.providerService.localUri().getPort());
        // The framework's merge patch is in the definition the Workflow sends.
        assertThat(argument(create, RESOURCE_DEFINITION).orElseThrow())
                .contains("\"name\":\"default/penguin\"", "\"image\":\"penguin:v1\"", "\"beamArgs\":[{\"name\":\"runner\",\"value\":\"DataflowRunner\"}]",
                        "\"pipeline\":\"penguin.create_components\"");

        GenericKubernetesResource update = workflowWithTemplate("update-compiled");
        assertThat(parameterNames(update)).containsExactly(RESOURCE_KIND, RESOURCE_DEFINITION, RESOURCE_ID, PROVIDER_NAME,
                PROVIDER_SERVICE_URL, PIPELINE_FRAMEWORK_IMAGE);
        assertThat(argument(update, RESOURCE_ID)).contains(pipeline.getStatus().getProvider().getId());

        harness.client.resource(get(Pipeline.class, "penguin")).delete();
        eventually().until(() -> get(Pipeline.class, "penguin") == null);
        assertThat(parameterNames(workflowWithTemplate("delete"))).containsExactly(RESOURCE_KIND, RESOURCE_ID, PROVIDER_NAME, PROVIDER_SERVICE_URL);
    }

    @Test
    void providerErrorInTheOutputFailsTheResourceWithItsMessage() {
        // The simulated platform refuses a run of a pipeline version it does not have (the Pipeline is on the platform:
        // the controller itself holds back a Run whose Pipeline does not exist).
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        argo.upstreamTemplates(true);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: orphan, namespace: default}
                spec: {provider: kfp-operator/argo, pipeline: "hello:v0-missing"}
                """);

        Run failed = awaitState(Run.class, "orphan", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).containsIgnoringCase("v0-missing");
        assertThat(argo.workflows()).singleElement().satisfies(w -> assertThat(labels(w)).containsEntry(PROCESSED_LABEL, "true"));
    }

    @Test
    void failedWorkflowFailsTheResourceAndAnErroredOneIsRetriedWithANewWorkflow() {
        argo.endNextIn(FAILED, "child 'compile' failed: exit code 2");
        harness.apply(experiment("exp", "argo", "x"));
        Experiment failed = awaitState(Experiment.class, "exp", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).contains("failed: child 'compile' failed: exit code 2");

        argo.endNextIn(ERROR, "pod deleted");
        harness.apply(experiment("exp2", "argo", "y"));
        awaitState(Experiment.class, "exp2", SynchronizationState.SUCCEEDED);
        List<GenericKubernetesResource> forExp2 = argo.workflows().stream().filter(w -> "exp2".equals(labels(w).get(Labels.OWNER_NAME))).toList();
        assertThat(forExp2).extracting(Workflows::phase).containsExactlyInAnyOrder(ERROR, SUCCEEDED);
        assertThat(harness.platform.experiments()).extracting(e -> e.name()).containsExactly("default/exp2");
    }

    @Test
    void workflowDeletedBeforeItFinishedIsRecreated() {
        argo.hold(true);
        harness.apply(experiment("exp", "argo", "x"));
        eventually().until(() -> argo.workflows().stream().anyMatch(w -> "Running".equals(phase(w))));
        assertThat(stateOf(get(Experiment.class, "exp"))).isEqualTo(SynchronizationState.CREATING);
        GenericKubernetesResource first = argo.workflows().get(0);
        harness.client.genericKubernetesResources(WORKFLOW).inNamespace("kfp-operator").withName(first.getMetadata().getName()).delete();

        eventually().until(() -> argo.workflows().stream().anyMatch(w -> !w.getMetadata().getName().equals(first.getMetadata().getName())));
        argo.hold(false);
        Experiment done = awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        assertThat(done.getStatus().getProvider().getId()).isNotEmpty();
        assertThat(argo.workflows()).singleElement().satisfies(w -> assertThat(w.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName()));
    }

    @Test
    void aProcessedWorkflowIsNeverReadAgain() {
        harness.apply(experiment("exp", "argo", "x"));
        Experiment done = awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        // Force fresh reconciles: a retry request and a label change.
        harness.client.resource(done).edit(e -> {
            e.getMetadata().getLabels().put("touched", "yes");
            return e;
        });
        harness.client.resource(get(Experiment.class, "exp")).edit(e -> {
            e.getMetadata().getAnnotations().put("touched", "again");
            return e;
        });
        eventually().during(java.time.Duration.ofSeconds(2)).until(() -> argo.workflows().size() == 1);
        assertThat(argo.providerCalls()).containsExactly("POST /resource/experiment");
        assertThat(get(Experiment.class, "exp").getStatus()).isEqualTo(done.getStatus());
    }

    @Test
    void aCreateWhoseResultWasReadButNeverRecordedIsNotMadeAgain() {
        harness.apply(experiment("exp", "argo", "x"));
        Experiment done = awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        String id = done.getStatus().getProvider().getId();
        // The controller read the Workflow's result (labelled processed) and died before its status
        // write landed; a reconcile on a cached copy older than the write looks the same.
        harness.stopController();
        harness.client.resources(Experiment.class).inNamespace("default").withName("exp").editStatus(e -> {
            e.setStatus(new io.kfpoperator.api.v1beta1.Status());
            return e;
        });
        harness.startController(config());

        Experiment again = awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        assertThat(again.getStatus().getProvider().getId()).isEqualTo(id);
        assertThat(argo.workflows()).as("no second create Workflow").singleElement();
        assertThat(argo.providerCalls()).containsExactly("POST /resource/experiment");
        assertThat(harness.platform.experiments()).extracting(e -> e.name()).containsExactly("default/exp");
    }

    @Test
    void aProcessedCreateTheGoOperatorLeftForADeletedNamesakeIsNotTakenAsOurs() {
        // Finished, read and labelled by the Go operator for an earlier Experiment "exp", since deleted.
        harness.client.genericKubernetesResources(WORKFLOW).inNamespace("kfp-operator").resource(harness.client.getKubernetesSerialization()
                .unmarshal("""
                        apiVersion: argoproj.io/v1alpha1
                        kind: Workflow
                        metadata:
                          name: go-create-exp
                          namespace: kfp-operator
                          labels:
                            pipelines.kubeflow.org/owner.kind: experiment
                            pipelines.kubeflow.org/owner.name: exp
                            pipelines.kubeflow.org/owner.namespace: default
                            pipelines.kubeflow.org/processed: "true"
                        spec: {workflowTemplateRef: {name: create-simple}}
                        status:
                          phase: Succeeded
                          nodes:
                            go-create-exp: {id: go-create-exp, name: go-create-exp, type: Steps, phase: Succeeded,
                                            outputs: {parameters: [{name: provider-output, value: '{"id": "deleted-long-ago"}'}]}}
                        """, GenericKubernetesResource.class)).create();

        harness.apply(experiment("exp", "argo", "x"));

        Experiment done = awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        assertThat(done.getStatus().getProvider().getId()).isNotEqualTo("deleted-long-ago").isNotEmpty();
        assertThat(harness.platform.experiments()).extracting(e -> e.name()).containsExactly("default/exp");
    }

    private GenericKubernetesResource workflowWithTemplate(String template) {
        return argo.workflows().stream().filter(w -> template.equals(templateRef(w))).findFirst().orElseThrow();
    }

    private static List<String> parameterNames(GenericKubernetesResource workflow) {
        List<String> names = new java.util.ArrayList<>();
        Workflows.tree(workflow).path("spec").path("arguments").path("parameters").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }
}
