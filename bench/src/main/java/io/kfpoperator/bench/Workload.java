package io.kfpoperator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Condition;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.PipelineFramework;
import io.kfpoperator.api.v1beta1.PipelineSpec;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.ProviderSpec;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationSpec;
import io.kfpoperator.api.v1beta1.RunSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The resources the scenarios apply: a Provider, then pairs of a static Pipeline and a RunConfiguration using it. */
final class Workload {

    static final String PROVIDER = "kfp-operator/simulated";

    private final KubernetesClient client;
    private final String pipelineUri;

    Workload(KubernetesClient client, Path repository) {
        this.client = client;
        this.pipelineUri = "file://" + repository.resolve("examples/pipelines/hello-world.yaml");
    }

    void provider() {
        namespace("kfp-operator");
        Provider provider = new Provider();
        provider.setMetadata(meta("kfp-operator", "simulated"));
        provider.setSpec(new ProviderSpec().withServiceImage("kfp-operator:bench").withServiceAccount("provider")
                .withPipelineRootStorage("file:///tmp/bench"));
        client.resource(provider).create();
    }

    /** Creates {@code pairs} Pipelines and RunConfigurations in {@code namespace}. */
    void pairs(String namespace, int pairs) {
        namespace(namespace);
        for (int i = 0; i < pairs; i++) {
            client.resource(pipeline(namespace, "pipeline-" + i, pipelineUri)).create();
            RunConfiguration rc = new RunConfiguration();
            rc.setMetadata(meta(namespace, "rc-" + i));
            rc.setSpec(new RunConfigurationSpec().withRun(new RunSpec().withProvider(PROVIDER).withPipeline("pipeline-" + i)));
            client.resource(rc).create();
        }
    }

    /**
     * Creates namespace {@code name} unless it exists, as `kubectl create namespace` would: an API
     * server refuses objects in a namespace that does not exist. Only a missing one is written, so
     * the writes a scenario counts stay the user's objects and the controller's.
     */
    void namespace(String name) {
        if (client.namespaces().withName(name).get() != null) {
            return;
        }
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** How many of the namespace's Pipelines and RunConfigurations are Succeeded. */
    long succeeded(String namespace) {
        long pipelines = client.resources(Pipeline.class).inNamespace(namespace).list().getItems().stream()
                .filter(p -> p.getStatus() != null && Conditions.synchronizationState(p.getStatus().getConditions()) == SynchronizationState.SUCCEEDED)
                .count();
        long rcs = client.resources(RunConfiguration.class).inNamespace(namespace).list().getItems().stream()
                .filter(r -> r.getStatus() != null && Conditions.synchronizationState(r.getStatus().getConditions()) == SynchronizationState.SUCCEEDED)
                // converged means it has also seen its pipeline's version
                .filter(r -> r.getStatus().getDependencies() != null && r.getStatus().getDependencies().getPipeline() != null
                        && r.getStatus().getDependencies().getPipeline().getVersion() != null)
                .count();
        return pipelines + rcs;
    }

    /** Polls until {@code expected} resources of the namespace are Succeeded; fails after {@code timeout}. */
    void awaitSucceeded(String namespace, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (succeeded(namespace) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + succeeded(namespace) + " of " + expected + " resources in " + namespace
                        + " reached Succeeded within " + timeout.toSeconds() + "s");
            }
            Thread.sleep(50);
        }
    }

    /** Status writes a controller would make, done directly: the baseline of the reconcile scenario. */
    void writeSucceededStatuses(String namespace) {
        Condition succeeded = Conditions.synchronizedCondition(SynchronizationState.SUCCEEDED, "", 1L, java.time.Instant.now());
        for (Pipeline p : client.resources(Pipeline.class).inNamespace(namespace).list().getItems()) {
            client.resources(Pipeline.class).inNamespace(namespace).withName(p.getMetadata().getName()).editStatus(r -> {
                io.kfpoperator.api.v1beta1.Status status = new io.kfpoperator.api.v1beta1.Status();
                status.setVersion("v1-000000");
                status.setObservedGeneration(1L);
                status.setConditions(List.of(succeeded));
                r.setStatus(status);
                return r;
            });
        }
        for (RunConfiguration rc : client.resources(RunConfiguration.class).inNamespace(namespace).list().getItems()) {
            client.resources(RunConfiguration.class).inNamespace(namespace).withName(rc.getMetadata().getName()).editStatus(r -> {
                io.kfpoperator.api.v1beta1.RunConfigurationStatus status = new io.kfpoperator.api.v1beta1.RunConfigurationStatus();
                status.setProvider(PROVIDER);
                status.setObservedGeneration(1L);
                status.setConditions(List.of(succeeded));
                r.setStatus(status);
                return r;
            });
        }
    }

    void deleteAll(String namespace) {
        client.resources(Pipeline.class).inNamespace(namespace).delete();
        client.resources(RunConfiguration.class).inNamespace(namespace).delete();
    }

    /** A Pipeline of the static framework, its definition read from {@code uri}. */
    static Pipeline pipeline(String namespace, String name, String uri) {
        Pipeline pipeline = new Pipeline();
        pipeline.setMetadata(meta(namespace, name));
        pipeline.setSpec(new PipelineSpec().withProvider(PROVIDER).withImage("bench/pipeline:v1")
                .withFramework(new PipelineFramework().withName("static").withParameters(Map.of("uri",
                        com.fasterxml.jackson.databind.node.TextNode.valueOf(uri)))));
        return pipeline;
    }

    /** A one-off Run of {@code pipeline}'s latest version. */
    static Run run(String namespace, String name, String pipeline) {
        Run run = new Run();
        run.setMetadata(meta(namespace, name));
        run.setSpec(new RunSpec().withProvider(PROVIDER).withPipeline(pipeline));
        return run;
    }

    static ObjectMeta meta(String namespace, String name) {
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(namespace);
        meta.setName(name);
        return meta;
    }
}
