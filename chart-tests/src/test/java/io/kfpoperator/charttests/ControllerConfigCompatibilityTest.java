package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered config.yaml, plus the token override the Deployment passes, loads in the real controller. */
class ControllerConfigCompatibilityTest {

    @TempDir
    Path dir;

    private OperatorConfig load(Manifests manifests) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, manifests.one(ConfigMap.class, "kfp-operator-config").getData().get("config.yaml"));
        // What the kubelet makes of `--set spec.events.token="$(KFP_OPERATOR_EVENTS_TOKEN)"`.
        return ConfigLoader.load(file, Map.of("spec.events.token", "\"t0ken=\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "all-toggles-on.yaml", "namespaced.yaml"})
    void controllerAcceptsTheRenderedConfiguration(String valuesFile) throws IOException {
        Manifests manifests = valuesFile.isEmpty() ? Helm.renderDefaults() : Helm.render("-f", Helm.values(valuesFile).toString());

        OperatorConfig config = load(manifests);

        assertThat(config.spec().events().token()).isEqualTo("t0ken=");
        assertThat(config.system().leaderElection().enabled()).isTrue();
        assertThat(config.spec().runCompletionFeed().port()).isEqualTo(8082);
        assertThat(config.spec().defaultProviderValues().podTemplateSpec().isObject()).isTrue();
        if (valuesFile.equals("all-toggles-on.yaml")) {
            assertThat(config.spec().argo().enabled()).isTrue();
            assertThat(config.spec().runCompletionTTL()).isEqualTo(Duration.ofMinutes(10));
            assertThat(config.spec().events().sinks()).hasSize(3);
        }
        if (valuesFile.equals("namespaced.yaml")) {
            assertThat(config.spec().namespaces()).containsExactly("team-a", "team-b");
        }
    }
}
