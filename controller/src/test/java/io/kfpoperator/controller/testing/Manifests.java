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
}
