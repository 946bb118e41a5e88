package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChartLintTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "all-toggles-on.yaml", "namespaced.yaml"})
    void lintsStrictlyWithDefaultAndToggledValues(String valuesFile) {
        Helm.Result result = valuesFile.isEmpty()
                ? Helm.run("lint", "--strict", Helm.CHART.toString())
                : Helm.run("lint", "--strict", Helm.CHART.toString(), "-f", Helm.values(valuesFile).toString());

        result.orFail("helm lint --strict " + valuesFile);
        assertThat(result.stdout()).contains("0 chart(s) failed");
    }

    @Test
    void shipsTheSixGeneratedCrdsFromTheCrdsDirectory() {
        Manifests withCrds = Helm.render("--include-crds");

        assertThat(withCrds.all(CustomResourceDefinition.class))
                .extracting(crd -> crd.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "pipelines.pipelines.kubeflow.org", "experiments.pipelines.kubeflow.org",
                        "runconfigurations.pipelines.kubeflow.org", "runschedules.pipelines.kubeflow.org",
                        "runs.pipelines.kubeflow.org", "providers.pipelines.kubeflow.org");
        assertThat(Helm.renderDefaults().all(CustomResourceDefinition.class)).isEmpty();
    }

    @Test
    void refusesCrdsCreateFalseWithTheSkipCrdsHint() {
        Helm.Result result = Helm.template("--set", "crds.create=false");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("--skip-crds");
    }

    @Test
    void theArgoWorkflowsSubChartLintsStrictlyOnItsOwn() {
        Helm.Result result = Helm.run("lint", "--strict", Helm.WORKFLOWS_CHART.toString());

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    }

    @Test
    void refusesNamespacesSetInsideTheConfigurationInsteadOfRbac() {
        Helm.Result result = Helm.template("--set", "manager.configuration.namespaces={team-a}");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("manager.rbac.namespaces");
    }
}
