package io.kfpoperator.controller.testing;

/** Manifests the controller tests apply, written as a user would. */
public final class Manifests {

    private Manifests() {
    }

    public static String staticPipeline(String name, String image) {
        String uri = "file://" + ControllerHarness.repositoryRoot().resolve("examples/pipelines/hello-world.yaml");
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata: {name: %s, namespace: default}
                spec:
                  provider: kfp-operator/simulated
                  image: %s
                  framework: {name: static, parameters: {uri: "%s"}}
                """.formatted(name, image, uri);
    }

    public static String experiment(String name, String description) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Experiment
                metadata: {name: %s, namespace: default}
                spec: {provider: kfp-operator/simulated, description: "%s"}
                """.formatted(name, description);
    }

    /**
     * A Provider in namespace kfp-operator (the harness's provider service serves every Provider),
     * with {@code spec} (YAML, may be empty) added to its required fields.
     */
    public static String provider(String name, String spec) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Provider
                metadata: {name: %s, namespace: kfp-operator}
                spec:
                  serviceImage: "kfp-operator:0.1.0"
                  serviceAccount: provider
                  pipelineRootStorage: "file:///tmp/root"
                """.formatted(name) + spec.indent(2);
    }

    /** A tfx Pipeline in namespace default: a container framework, compiled with the Provider's tfx compiler. */
    public static String tfxPipeline(String name, String provider, String image) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata: {name: %s, namespace: default}
                spec:
                  provider: %s
                  image: %s
                  framework: {name: tfx, parameters: {pipeline: penguin.create_components}}
                """.formatted(name, provider, image);
    }
}
