package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller configuration the chart renders (docs/controller.md). */
class ConfigMapTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode config(Manifests manifests) {
        String text = manifests.one(ConfigMap.class, "kfp-operator-config").getData().get("config.yaml");
        assertThat(text).as("config.yaml of ConfigMap kfp-operator-config").isNotBlank();
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("config.yaml does not parse: " + e.getMessage() + "\n" + text, e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void defaultConfigurationHasTheKeysTheControllerReads() {
        JsonNode config = config(Helm.renderDefaults());

        assertThat(fieldNames(config)).containsExactlyInAnyOrder("system", "spec");
        assertThat(config.at("/system/leaderElection/enabled").asBoolean()).isTrue();
        assertThat(config.at("/system/leaderElection/id").asText()).isEqualTo("kfp-operator-lock");
        assertThat(config.at("/spec/runCompletionFeed/port").asInt()).isEqualTo(8082);
        assertThat(config.at("/spec/defaultExecutionEngine").asText()).isEqualTo("direct");
        assertThat(config.at("/spec/namespaces").isArray()).isTrue();
        assertThat(config.at("/spec/namespaces")).isEmpty();
        assertThat(config.at("/spec/retry/initial").asText()).isEqualTo("1s");
        assertThat(config.at("/spec/retry/max").asText()).isEqualTo("5m");
        assertThat(config.at("/spec/events/sinks").isArray()).isTrue();
        assertThat(config.at("/spec/events").has("token")).as("the token comes from the Secret, never the ConfigMap").isFalse();
        assertThat(config.at("/spec").has("runCompletionTTL")).as("unset TTL keeps completed runs").isFalse();
        assertThat(fieldNames(config.at("/spec/defaultProviderValues"))).containsExactlyInAnyOrder(
                "replicas", "serviceContainerName", "servicePort", "metricsPort", "labels", "podTemplateSpec");
        assertThat(config.at("/spec/defaultProviderValues/serviceContainerName").asText()).isEqualTo("provider-service");
        assertThat(config.at("/spec/defaultProviderValues/servicePort").asInt()).isEqualTo(8080);
        assertThat(config.at("/spec/defaultProviderValues/metricsPort").asInt()).isEqualTo(8081);
        // Only keys the controller's configuration loader knows: it refuses unknown ones.
        assertThat(fieldNames(config.at("/spec"))).isSubsetOf("runCompletionTTL", "runCompletionFeed", "defaultProviderValues",
                "defaultExecutionEngine", "namespaces", "labelSelector", "events", "retry", "multiversion", "workflowNamespace", "defaultTfxImage",
                "argo", "compilation", "providerCallTimeout", "webhook");
        assertThat(config.at("/spec/providerCallTimeout").asText()).isEqualTo("30s");
        assertThat(config.at("/spec/argo/enabled").asBoolean()).as("no Workflow watch unless asked for").isFalse();
        assertThat(config.at("/spec/compilation/containers").asText()).isEqualTo("job");
        assertThat(config.at("/spec/compilation/timeout").asText()).isEqualTo("30m");
        assertThat(fieldNames(config.at("/system/leaderElection"))).isSubsetOf("enabled", "id", "namespace");
    }

    @Test
    void valuesReachTheConfiguration() {
        JsonNode config = config(Helm.renderAllTogglesOn());

        assertThat(config.at("/spec/runCompletionTTL").asText()).isEqualTo("10m");
        assertThat(config.at("/spec/labelSelector").asText()).isEqualTo("shard=a");
        assertThat(config.at("/spec/retry/initial").asText()).isEqualTo("2s");
        assertThat(config.at("/spec/events/sinks")).hasSize(3);
        assertThat(config.at("/spec/events/sinks/0/type").asText()).isEqualTo("nats");
        assertThat(config.at("/spec/defaultProviderValues/labels/team").asText()).isEqualTo("ml-platform");
    }

    @Test
    void providerPodTemplateRunsTheProviderServiceHardenedAndPostsEventsToTheOperator() {
        JsonNode pod = config(Helm.renderDefaults()).at("/spec/defaultProviderValues/podTemplateSpec");
        JsonNode container = pod.at("/spec/containers/0");

        assertThat(pod.at("/metadata/labels/app.kubernetes.io~1component").asText()).isEqualTo("provider-service");
        assertThat(container.at("/name").asText()).isEqualTo("provider-service");
        assertThat(container.at("/args/0").asText()).isEqualTo("provider-service");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
        assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container.get("env").toString())
                .contains("OPERATORWEBHOOK", "http://kfp-operator-runcompletion-webhook-service.kfp-operator-system.svc:80/events")
                .contains("OPERATORTOKENFILE");
    }

    @Test
    void verbosityBecomesTheLogLevel() {
        JsonNode pod = config(Helm.render("--set", "logging.verbosity=1")).at("/spec/defaultProviderValues/podTemplateSpec");

        assertThat(pod.at("/spec/containers/0/env").toString()).contains("{\"name\":\"KFP_OPERATOR_LOG_LEVEL\",\"value\":\"DEBUG\"}");
    }

    @Test
    void theArgoEngineIsWatchedWhenItsTemplatesAreInstalledOrItIsTheDefault() {
        assertThat(config(Helm.render("--set", "kfp-provider-workflows.enabled=true")).at("/spec/argo/enabled").asBoolean()).isTrue();
        assertThat(config(Helm.render("--set", "manager.configuration.defaultExecutionEngine=argo")).at("/spec/argo/enabled").asBoolean()).isTrue();
        assertThat(config(Helm.render("--set", "manager.configuration.defaultExecutionEngine=argo",
                "--set", "manager.configuration.argo.enabled=false")).at("/spec/argo/enabled").asBoolean())
                .as("an explicit value wins (the controller then refuses to start, naming the key)").isFalse();
        assertThat(config(Helm.render("--set", "manager.configuration.argo.enabled=true")).at("/spec/argo/enabled").asBoolean()).isTrue();
    }
}
