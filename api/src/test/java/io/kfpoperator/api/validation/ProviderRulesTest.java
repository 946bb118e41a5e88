package io.kfpoperator.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kfpoperator.api.manifest.Manifests;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules that need the referenced Provider, and the Run's immutable spec. */
class ProviderRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String PROVIDER = """
            apiVersion: pipelines.kubeflow.org/v1beta1
            kind: Provider
            metadata: {name: kfp, namespace: kfp-operator}
            spec:
              serviceImage: img:v1
              serviceAccount: sa
              pipelineRootStorage: gs://bucket
              frameworks: [{name: tfx, image: tfx:v1}]
              allowedNamespaces: [team-a]
            """;

    private static <T> T read(String yaml, Class<T> type) throws Exception {
        return type.cast(Manifests.read(YAML.readTree(yaml)));
    }

    private static Pipeline pipeline(String namespace, String framework) throws Exception {
        return read("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata: {name: p, namespace: %s}
                spec:
                  provider: kfp-operator/kfp
                  image: img:v1
                  framework: {name: %s, parameters: {uri: "gs://b/p.yaml"}}
                """.formatted(namespace, framework), Pipeline.class);
    }

    @Test
    void missingProviderIsNamedOnTheProviderField() throws Exception {
        assertThat(ResourceValidator.validateAgainstProvider(pipeline("team-a", "tfx"), "kfp-operator/kfp", null))
                .extracting(Violation::toString)
                .containsExactly("spec.provider: Provider 'kfp-operator/kfp' does not exist");
    }

    @Test
    void namespaceOutsideAllowedNamespacesIsRejected() throws Exception {
        Provider provider = read(PROVIDER, Provider.class);
        assertThat(ResourceValidator.validateAgainstProvider(pipeline("team-b", "tfx"), "kfp-operator/kfp", provider))
                .extracting(Violation::toString)
                .containsExactly("metadata.namespace: namespace 'team-b' is not allowed to use Provider 'kfp-operator/kfp' (allowed: team-a)");
    }

    @Test
    void frameworkMustBeListedByTheProviderExceptStatic() throws Exception {
        Provider provider = read(PROVIDER, Provider.class);
        assertThat(ResourceValidator.validateAgainstProvider(pipeline("team-a", "kfpsdk"), "kfp-operator/kfp", provider))
                .extracting(Violation::toString)
                .containsExactly("spec.framework.name: framework 'kfpsdk' is not supported by Provider 'kfp-operator/kfp' (supported: tfx, static)");
        assertThat(ResourceValidator.validateAgainstProvider(pipeline("team-a", "tfx"), "kfp-operator/kfp", provider)).isEmpty();
        assertThat(ResourceValidator.validateAgainstProvider(pipeline("team-a", "static"), "kfp-operator/kfp", provider)).isEmpty();
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() throws Exception {
        Run run = read("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: r, namespace: default}
                spec:
                  provider: nope
                  parameters: [{name: a, value: "1"}, {name: a, value: "2"}]
                """, Run.class);
        List<Violation> violations = ResourceValidator.validate(run);
        assertThat(violations).extracting(Violation::path)
                .containsExactly("spec.provider", "spec.pipeline", "spec.parameters[1].name");
    }

    private static Run run(String pipeline) {
        Run run = new Run();
        run.setMetadata(new ObjectMeta());
        run.getMetadata().setName("r");
        run.setSpec(new RunSpec().withProvider("kfp-operator/kfp").withPipeline(pipeline));
        return run;
    }
}
