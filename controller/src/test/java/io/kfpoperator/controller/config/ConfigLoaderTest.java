package io.kfpoperator.controller.config;

import io.kfpoperator.api.types.GoDurations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.api.v1beta1.ExecutionEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The controller's configuration file as a platform engineer writes it. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void upstreamConfigurationKeepsWorkingAndFillsDefaults() throws IOException {
        OperatorConfig config = ConfigLoader.load(file("""
                system:
                  leaderElection: {enabled: true, id: kfp-operator-lock}
                spec:
                  multiversion: true
                  workflowNamespace: kfp-operator-system
                  defaultTfxImage: ghcr.io/kfp-operator/tfx:1
                  runCompletionTTL: 10m
                  runCompletionFeed: {port: 8082}
                  defaultProviderValues:
                    replicas: 2
                    serviceContainerName: provider-service
                    servicePort: 8080
                    metricsPort: 8081
                    labels: {team: ml}
                    podTemplateSpec:
                      spec:
                        containers: [{name: provider-service}]
                """), Map.of());

        assertThat(config.spec().runCompletionTTL()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.spec().defaultProviderValues().replicas()).isEqualTo(2);
        assertThat(config.spec().defaultProviderValues().labels()).containsEntry("team", "ml");
        assertThat(config.spec().defaultProviderValues().podTemplateSpec().at("/spec/containers/0/name").asText()).isEqualTo("provider-service");
        assertThat(config.spec().defaultExecutionEngine()).isEqualTo(ExecutionEngine.DIRECT);
        assertThat(config.spec().retry().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.spec().retry().max()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.system().leaderElection().enabled()).isTrue();
    }

    /** The Go operator's own files, unchanged (src/test/resources/upstream-config, sources in its README). */
    private static Path upstream(String name) {
        return Path.of("src/test/resources/upstream-config", name);
    }

    @Test
    void theGoOperatorsReferenceConfigurationStartsTheControllerWithAWarningPerKeyThatMeansNothingHere() {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(upstream("controller_manager_config.yaml"), Map.of());

        OperatorConfig config = loaded.config();
        assertThat(config.spec().runCompletionFeed().port()).isEqualTo(8082);
        assertThat(config.spec().defaultProviderValues().metricsPort()).isEqualTo(8081);
        assertThat(config.spec().defaultProviderValues().podTemplateSpec().at("/spec/containers/0/env/0/name").asText())
                .isEqualTo("OPERATORWEBHOOK");
        assertThat(config.system().leaderElection().id()).isEqualTo("kfp-operator-lock");
        assertThat(loaded.warnings()).containsExactly(
                "configuration key 'spec.multiversion' (from the Go operator) is ignored: only v1beta1 is served, so there is no conversion webhook to switch on",
                "configuration key 'spec.workflowNamespace' (from the Go operator) is ignored: the argo engine runs each Workflow in its Provider's namespace",
                "configuration key 'spec.defaultTfxImage' (from the Go operator) is ignored: compiler images come from each Provider's spec.frameworks");
    }

    @Test
    void whatTheGoOperatorsChartRendersStartsTheController() {
        ConfigLoader.Loaded defaults = ConfigLoader.loadWithWarnings(upstream("chart-default.yaml"), Map.of());
        assertThat(defaults.config().spec().defaultProviderValues().replicas()).isEqualTo(1);
        assertThat(defaults.warnings()).extracting(w -> w.substring(0, w.indexOf("' ") + 1))
                .containsExactly("configuration key 'spec.workflowNamespace'", "configuration key 'spec.defaultTfxImage'");

        ConfigLoader.Loaded customised = ConfigLoader.loadWithWarnings(upstream("chart-customised.yaml"), Map.of());
        // A negative TTL deletes Runs as soon as they are marked completed, as in the Go operator.
        assertThat(customised.config().spec().runCompletionTTL()).isEqualTo(Duration.ofMinutes(-1));
        assertThat(customised.warnings()).anySatisfy(w -> assertThat(w).startsWith("configuration key 'spec.runCompletionTTL' is negative (-1m)"))
                .anySatisfy(w -> assertThat(w).startsWith("configuration key 'spec.defaultExperiment' (from the Go operator) is ignored: "
                        + "the default experiment is a setting of the KFP Provider"));
        // Its event handler endpoints are honoured: each becomes a gRPC sink of the trigger contract.
        assertThat(customised.config().spec().events().sinks()).singleElement().satisfies(sink -> {
            assertThat(sink.type()).isEqualTo(SinkType.GRPC);
            assertThat(sink.url()).isEqualTo("run-completion-event-handler:12000");
        });
        assertThat(customised.warnings()).noneMatch(w -> w.contains("runCompletionFeed.endpoints"));
    }

    @Test
    void aLegacyConfigurationHasItsControllerRuntimeSectionReadAndItsObsoleteKeysNamed() {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(upstream("controller_manager_config.v1alpha5.yaml"), Map.of());

        OperatorConfig config = loaded.config();
        assertThat(config.system().leaderElection().enabled()).isTrue();
        assertThat(config.system().leaderElection().id()).isEqualTo("kfp-operator-lock");
        assertThat(config.spec().monitoring().metricsPort()).isEqualTo(8080);
        assertThat(config.spec().monitoring().healthPort()).isEqualTo(8081);
        assertThat(loaded.warnings()).extracting(w -> w.substring(0, w.indexOf("' ") + 1)).containsExactlyInAnyOrder(
                "configuration key 'controller.webhook'",
                "configuration key 'spec.defaultBeamArgs'",
                "configuration key 'spec.multiversion'",
                "configuration key 'spec.pipelineStorage'",
                "configuration key 'spec.workflowNamespace'",
                "configuration key 'spec.workflowTemplatePrefix'");
    }

    @Test
    void ourKeysWinOverTheGoOperatorsControllerRuntimeSection() throws IOException {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(file("""
                controller:
                  metrics: {bindAddress: ":9090"}
                  health: {healthProbeBindAddress: "0"}
                  leaderElection: {leaderElect: false, resourceName: old-lock}
                system:
                  leaderElection: {id: new-lock}
                spec:
                  monitoring: {metricsPort: 7070}
                """), Map.of());

        assertThat(loaded.config().spec().monitoring().metricsPort()).isEqualTo(7070);
        assertThat(loaded.config().spec().monitoring().healthPort()).isEqualTo(8081);
        assertThat(loaded.config().system().leaderElection().enabled()).isFalse();
        assertThat(loaded.config().system().leaderElection().id()).isEqualTo("new-lock");
        assertThat(loaded.warnings()).containsExactly(
                "configuration key 'controller.leaderElection.resourceName' (from the Go operator) is ignored: system.leaderElection.id is set too and wins",
                "configuration key 'controller.metrics.bindAddress' (from the Go operator) is ignored: spec.monitoring.metricsPort is set too and wins",
                "configuration key 'controller.health.healthProbeBindAddress' (from the Go operator) is ignored: '0' is not a port to listen on;"
                        + " spec.monitoring.healthPort decides");
    }

    @Test
    void overridesWinOverTheFile() throws IOException {
        OperatorConfig config = ConfigLoader.load(file("spec: {runCompletionFeed: {port: 8082}}"),
                Map.of("spec.runCompletionFeed.port", "9090", "spec.namespaces", "[team-a, team-b]", "spec.defaultExecutionEngine", "argo"));

        assertThat(config.spec().runCompletionFeed().port()).isEqualTo(9090);
        assertThat(config.spec().namespaces()).containsExactly("team-a", "team-b");
        assertThat(config.spec().defaultExecutionEngine()).isEqualTo(ExecutionEngine.ARGO);
    }

    @Test
    void noFileMeansDefaults() {
        OperatorConfig config = ConfigLoader.load(null, Map.of());
        assertThat(config.spec().runCompletionFeed().port()).isEqualTo(8082);
        assertThat(config.spec().events().sinks()).isEmpty();
    }

    @Test
    void sinksAreConfiguredWithDefaults() throws IOException {
        OperatorConfig config = ConfigLoader.load(file("""
                spec:
                  events:
                    token: s3cret
                    sinks:
                      - {type: nats, url: "nats://127.0.0.1:4222"}
                      - {type: http, url: "https://hooks.example.com/kfp", timeout: 5s}
                      - {type: log}
                """), Map.of());

        assertThat(config.spec().events().sinks()).extracting(OperatorConfig.Sink::name).containsExactly("nats", "http", "log");
        assertThat(config.spec().events().sinks().get(0).subject()).isEqualTo("events");
        assertThat(config.spec().events().sinks().get(1).timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spec: {runCompletionFeed: {prot: 1}}|unknown configuration key 'spec.runCompletionFeed.prot' (known here: port)",
            "spec: {runCompletionTTL: soon}|configuration key 'spec.runCompletionTTL': 'soon' is not valid; use a duration",
            "spec: {defaultExecutionEngine: lambda}|configuration key 'spec.defaultExecutionEngine': 'lambda' is not valid; expected one of direct, argo",
            "spec: {runCompletionFeed: {port: 70000}}|configuration key 'spec.runCompletionFeed.port': 70000 is not a port",
            "spec: {retry: {initial: 10s, max: 1s}}|configuration key 'spec.retry.max': must not be shorter than spec.retry.initial",
            "spec: {providerCallTimeout: 0s}|configuration key 'spec.providerCallTimeout': must be positive",
            "spec: {providerCallTimeout: soon}|configuration key 'spec.providerCallTimeout': 'soon' is not valid; use a duration such as 30s, 10m or 1h30m",
            "spec: {namespaces: [Team_A]}|configuration key 'spec.namespaces[0]': 'Team_A' is not a valid namespace name",
            "spec: {events: {sinks: [{type: nats}]}}|configuration key 'spec.events.sinks[0].url': is required",
            "spec: {events: {sinks: [{type: http, url: 'ftp://x'}]}}|configuration key 'spec.events.sinks[0].url': 'ftp://x' must be a",
            "spec: {events: {sinks: [{type: log}, {type: log}]}}|configuration key 'spec.events.sinks[1].name': 'log' is used by another sink",
            "spec: {events: {sinks: [{url: 'nats://x:1'}]}}|configuration key 'spec.events.sinks[0].type': is required",
            "sytem: {}|unknown configuration key 'sytem'",
            "spec: {workflowNamspace: x}|unknown configuration key 'spec.workflowNamspace'",
            "spec: {runCompletionFeed: {endpoint: []}}|unknown configuration key 'spec.runCompletionFeed.endpoint' (known here: port)",
            "spec: {runCompletionFeed: {endpoints: [{host: handler}]}}|configuration key 'spec.runCompletionFeed.endpoints[0]': needs host and port",
            "spec: {events: {sinks: [{type: grpc, url: 'http://handler:1'}]}}|configuration key 'spec.events.sinks[0].url': 'http://handler:1' must be host:port",
            "- a list|must be a YAML mapping"})
    void badConfigurationIsAStartErrorNamingTheKey(String yaml, String message) throws IOException {
        Path file = file(yaml);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
    }

    // Found by generated bad configurations (BadConfigurationGeneratedTest); the exact shrunk inputs.

    @Test
    void goOperatorKeyOfTheWrongTypeIsNamedAsTheFileHasIt() throws IOException {
        Path file = file("""
                apiVersion: config.kubeflow.org/v1alpha5
                kind: KfpControllerConfig
                controller:
                  leaderElection: {leaderElect: 1.5, resourceName: kfp-operator-lock}
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessage("configuration key 'controller.leaderElection.leaderElect' (read as system.leaderElection.enabled): "
                        + "has the wrong type; expected true or false");
    }

    @Test
    void bytesThatAreNoUtf8AreAYamlErrorWithoutAJavaException() throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.write(file, new byte[] {(byte) 0xFF, 's', 'p', 'e', 'c', ':', ' ', '{', '}'});
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessage("configuration file " + file + " is not valid YAML: Invalid UTF-8 start byte 0xff (at char #1, byte #-1)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spec: {namespaces: [null]}|configuration key 'spec.namespaces[0]': is empty; give it a value or remove it",
            "spec: {defaultProviderValues: {labels: {team: null}}}|configuration key 'spec.defaultProviderValues.labels.team': is empty; a label needs a value",
            "spec: {events: {sinks: [{type: 0, url: 'nats://x:1'}]}}|configuration key 'spec.events.sinks[0].type': '0' is not valid; expected one of nats, http, log, grpc",
            "spec: {runCompletionFeed: {port: 8082.5}}|configuration key 'spec.runCompletionFeed.port': ",
            "spec: {defaultProviderValues: {podTemplateSpec: {spec: {terminationGracePeriodSeconds: 1e400}}}}|"
                    + "configuration key 'spec.defaultProviderValues.podTemplateSpec.spec.terminationGracePeriodSeconds': the number is out of range"})
    void valuesJacksonWouldBendOrFailOnAreStartErrorsNamingTheKey(String yaml, String message) throws IOException {
        Path file = file(yaml);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(message).message().doesNotContain("java.", "Exception", "JsonToken");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nope.yaml does not exist");
    }

    @ParameterizedTest
    @CsvSource({"10m, PT10M", "1h30m, PT1H30M", "500ms, PT0.5S", "30s, PT30S", "PT2M, PT2M", "0, PT0S", "1.5h, PT1H30M"})
    void durationsAreReadInGoAndIsoForm(String text, String expected) {
        assertThat(GoDurations.parse(text)).isEqualTo(Duration.parse(expected));
    }
}
