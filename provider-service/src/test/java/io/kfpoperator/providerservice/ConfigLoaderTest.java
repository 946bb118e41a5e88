package io.kfpoperator.providerservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryKeyFromTheYamlFile() throws Exception {
        Path file = write("""
                platform: simulated
                providerName: kfp-operator-system/sim
                pipelineRootStorage: gs://bucket/root
                operatorWebhook: http://kfp-operator-runcompletion-webhook-service.kfp-operator-system:80/events
                operatorTokenFile: /var/run/secrets/token
                server:
                  host: 127.0.0.1
                  port: 9090
                  maxBodyBytes: 2048
                  threads: 2
                events:
                  pollInterval: 2s
                  initialBackoff: 500ms
                  maxBackoff: 1m
                  requestTimeout: PT10S
                watermark:
                  configMap: sim-watermark
                  namespace: kfp-operator-system
                parameters:
                  runDuration: 30s
                  errorRate: 0.1
                """);

        ProviderServiceConfig config = ConfigLoader.load(file, Map.of(), Map.of());

        assertThat(config.platform()).isEqualTo("simulated");
        assertThat(config.providerName()).isEqualTo("kfp-operator-system/sim");
        assertThat(config.pipelineRootStorage()).isEqualTo("gs://bucket/root");
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(9090);
        assertThat(config.server().maxBodyBytes()).isEqualTo(2048);
        assertThat(config.server().threads()).isEqualTo(2);
        assertThat(config.events().operatorWebhook())
                .isEqualTo(URI.create("http://kfp-operator-runcompletion-webhook-service.kfp-operator-system:80/events"));
        assertThat(config.events().operatorTokenFile()).isEqualTo(Path.of("/var/run/secrets/token"));
        assertThat(config.events().pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.events().backoff().initial()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.events().backoff().max()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.events().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.watermark().configMap()).isEqualTo("sim-watermark");
        assertThat(config.watermark().namespace()).isEqualTo("kfp-operator-system");
        assertThat(config.parameters()).containsExactlyInAnyOrderEntriesOf(Map.of("runDuration", "30s", "errorRate", "0.1"));
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws Exception {
        Path file = write("""
                platform: simulated
                server:
                  port: 9090
                parameters:
                  runDuration: 30s
                """);
        Map<String, String> env = Map.of(
                "SERVER_PORT", "9191",
                "PROVIDERNAME", "team-a/provider",
                "OPERATORWEBHOOK", "http://operator:8082/events",
                "PARAMETERS_runDuration", "1m",
                "PARAMETERS_runOutcome", "failed",
                "HOME", "/root");

        ProviderServiceConfig fromEnv = ConfigLoader.load(file, env, Map.of());
        ProviderServiceConfig fromFlags = ConfigLoader.load(file, env,
                Map.of(ConfigLoader.SERVER_PORT, "9292", "parameters.runDuration", "2m"));

        assertThat(fromEnv.server().port()).isEqualTo(9191);
        assertThat(fromEnv.providerName()).isEqualTo("team-a/provider");
        assertThat(fromEnv.events().operatorWebhook()).isEqualTo(URI.create("http://operator:8082/events"));
        assertThat(fromEnv.parameters()).containsEntry("runDuration", "1m").containsEntry("runOutcome", "failed");
        assertThat(fromFlags.server().port()).isEqualTo(9292);
        assertThat(fromFlags.parameters()).containsEntry("runDuration", "2m");
    }

    @Test
    void defaultsNeedOnlyAPlatform() {
        ProviderServiceConfig config = ConfigLoader.load(null, Map.of(), Map.of(ConfigLoader.PLATFORM, "simulated"));

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.events().operatorWebhook()).isNull();
        assertThat(config.events().backoff().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.events().backoff().max()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.watermark().configMap()).isNull();
        assertThat(config.watermark().file()).isNotNull();
    }

    @Test
    void unknownKeyInTheFileIsAnErrorNamingIt() throws Exception {
        Path file = write("""
                platform: simulated
                server:
                  prot: 8080
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'server.prot'");
    }

    @Test
    void unknownTopLevelSectionIsAnErrorNamingIt() throws Exception {
        Path file = write("""
                platform: simulated
                sever:
                  port: 8080
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sever'");
    }

    @Test
    void badValuesNameTheKeyAndWhereTheyCameFrom() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SERVER_PORT", "eighty"), Map.of(ConfigLoader.PLATFORM, "simulated")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port").hasMessageContaining("environment variable SERVER_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(ConfigLoader.PLATFORM, "simulated", ConfigLoader.SERVER_PORT, "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port").hasMessageContaining("flag --port");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(ConfigLoader.PLATFORM, "simulated",
                ConfigLoader.OPERATOR_WEBHOOK, "operator:80/events")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("operatorWebhook").hasMessageContaining("flag --operator-webhook");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("EVENTS_POLLINTERVAL", "soon"), Map.of(ConfigLoader.PLATFORM, "simulated")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("events.pollInterval");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PROVIDERNAME", "no-namespace"), Map.of(ConfigLoader.PLATFORM, "simulated")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providerName");
    }

    @Test
    void missingPlatformSaysHowToSetIt() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--platform");
    }

    @Test
    void unreadableYamlIsAnErrorNamingTheFile() throws Exception {
        Path file = write("platform: [unclosed\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString());
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("provider-service.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
