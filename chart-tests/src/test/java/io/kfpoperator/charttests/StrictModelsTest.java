package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.testing.ArgoSchema;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object the chart renders parses into its Kubernetes model with no field the model does not
 * know (a misspelt or misplaced field would otherwise be dropped by the API server, or kept as an
 * "additional property" by fabric8, silently): fabric8's model for built-in kinds, ours for
 * Provider, Argo's JSON Schema (strict) for WorkflowTemplates, and strict models of the Prometheus
 * Operator's ServiceMonitor and PrometheusRule fields for those.
 */
class StrictModelsTest {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Fails on any property a class does not declare (records below, our API classes). */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", Helm.template().orFail("helm template").stdout()),
                Arguments.of("all-toggles-on.yaml", Helm.template("-f", Helm.values("all-toggles-on.yaml").toString()).orFail("helm template").stdout()),
                Arguments.of("namespaced.yaml", Helm.template("-f", Helm.values("namespaced.yaml").toString()).orFail("helm template").stdout()),
                Arguments.of("kfp-provider-workflows", Helm.templateWorkflows("ml").orFail("helm template").stdout()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyRenderedObjectHasOnlyFieldsItsModelKnows(String rendering, String yaml) throws Exception {
        List<String> problems = new ArrayList<>();
        int objects = 0;
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            JsonNode tree = YAML.readTree(document);
            if (tree == null || tree.isNull() || tree.isMissingNode()) {
                continue;
            }
            objects++;
            String kind = tree.path("kind").asText();
            String where = kind + "/" + tree.at("/metadata/name").asText();
            problems.addAll(check(tree).stream().map(p -> where + ": " + p).toList());
        }

        assertThat(objects).isGreaterThan(rendering.equals("kfp-provider-workflows") ? 3 : 10);
        assertThat(problems).as(rendering).isEmpty();
    }

    /** The unknown fields of one rendered object. */
    static List<String> check(JsonNode tree) throws Exception {
        String apiVersion = tree.path("apiVersion").asText();
        String kind = tree.path("kind").asText();
        List<String> problems = new ArrayList<>();
        switch (apiVersion + " " + kind) {
            case "monitoring.coreos.com/v1 ServiceMonitor" -> strict(tree, ServiceMonitor.class, problems);
            case "monitoring.coreos.com/v1 PrometheusRule" -> strict(tree, PrometheusRule.class, problems);
            case "pipelines.kubeflow.org/v1beta1 Provider" -> strict(tree, Provider.class, problems);
            case "argoproj.io/v1alpha1 WorkflowTemplate" -> problems.addAll(ArgoSchema.violations("WorkflowTemplate", tree));
            default -> {
                HasMetadata model = Serialization.unmarshal(tree.toString(), HasMetadata.class);
                if (model instanceof GenericKubernetesResource) {
                    problems.add("no model for " + apiVersion + " " + kind);
                } else {
                    unknownFields(model, "", problems, new IdentityHashMap<>());
                }
                // The provider service pod template the controller starts from, inside the controller's configuration.
                if (kind.equals("ConfigMap") && tree.at("/data/config.yaml").isTextual()) {
                    JsonNode template = YAML.readTree(tree.at("/data/config.yaml").asText()).at("/spec/defaultProviderValues/podTemplateSpec");
                    if (!template.isMissingNode()) {
                        unknownFields(Serialization.jsonMapper().treeToValue(template, PodTemplateSpec.class),
                                "data.config.yaml.spec.defaultProviderValues.podTemplateSpec", problems, new IdentityHashMap<>());
                    }
                }
            }
        }
        return problems;
    }

    private static void strict(JsonNode tree, Class<?> type, List<String> problems) {
        try {
            Object model = STRICT.treeToValue(tree, type);
            unknownFields(model, "", problems, new IdentityHashMap<>());
        } catch (Exception e) {
            problems.add(e.getMessage().lines().findFirst().orElse(e.toString()));
        }
    }

    /**
     * Walks a fabric8 (or our API's) model object: every non-empty {@code additionalProperties} map
     * holds fields the model does not know.
     */
    static void unknownFields(Object object, String path, List<String> problems, IdentityHashMap<Object, Boolean> seen) throws Exception {
        if (object == null || seen.put(object, true) != null) {
            return;
        }
        if (object instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", problems, seen);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), problems, seen);
            }
            return;
        }
        String type = object.getClass().getName();
        if (object instanceof Record) {
            for (var component : object.getClass().getRecordComponents()) {
                unknownFields(component.getAccessor().invoke(object), path + "." + component.getName(), problems, seen);
            }
            return;
        }
        if (!type.startsWith("io.fabric8.kubernetes.api.model") && !type.startsWith("io.kfpoperator.api")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(object);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add((path.isEmpty() ? "." : path) + " has unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            unknownFields(value, path + "." + name, problems, seen);
        }
    }

    // --- the Prometheus Operator's monitoring.coreos.com/v1 fields, as its API reference documents them ---

    record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, ServiceMonitorSpec spec) {
    }

    record ServiceMonitorSpec(String jobLabel, List<String> targetLabels, List<String> podTargetLabels, List<Endpoint> endpoints,
            LabelSelector selector, String selectorMechanism, NamespaceSelector namespaceSelector, Long sampleLimit,
            List<String> scrapeProtocols, String fallbackScrapeProtocol, Long targetLimit, Long labelLimit, Long labelNameLengthLimit,
            Long labelValueLengthLimit, Boolean scrapeClassicHistograms, Long nativeHistogramBucketLimit,
            JsonNode nativeHistogramMinBucketFactor, Boolean convertClassicHistogramsToNHCB, Long keepDroppedTargets,
            JsonNode attachMetadata, String scrapeClass, String bodySizeLimit, String serviceDiscoveryRole) {
    }

    record NamespaceSelector(Boolean any, List<String> matchNames) {
    }

    record Endpoint(String port, JsonNode targetPort, String path, String scheme, Map<String, List<String>> params, String interval,
            String scrapeTimeout, JsonNode tlsConfig, String bearerTokenFile, JsonNode bearerTokenSecret, JsonNode authorization,
            Boolean honorLabels, Boolean honorTimestamps, Boolean trackTimestampsStaleness, JsonNode basicAuth, JsonNode oauth2,
            List<JsonNode> metricRelabelings, List<JsonNode> relabelings, String proxyUrl, JsonNode noProxy, Boolean proxyFromEnvironment,
            JsonNode proxyConnectHeader, Boolean followRedirects, Boolean enableHttp2, Boolean filterRunning) {
    }

    record PrometheusRule(String apiVersion, String kind, ObjectMeta metadata, PrometheusRuleSpec spec) {
    }

    record PrometheusRuleSpec(List<RuleGroup> groups) {
    }

    @com.fasterxml.jackson.annotation.JsonAutoDetect(fieldVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
    record RuleGroup(String name, Map<String, String> labels, String interval,
            @com.fasterxml.jackson.annotation.JsonProperty("query_offset") String queryOffset, JsonNode limit,
            @com.fasterxml.jackson.annotation.JsonProperty("partial_response_strategy") String partialResponseStrategy,
            List<Rule> rules) {
    }

    record Rule(String record, String alert, String expr, @com.fasterxml.jackson.annotation.JsonProperty("for") String forDuration,
            @com.fasterxml.jackson.annotation.JsonProperty("keep_firing_for") String keepFiringFor,
            Map<String, String> labels, Map<String, String> annotations) {
    }
}
