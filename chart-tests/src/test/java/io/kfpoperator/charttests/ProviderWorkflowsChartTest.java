package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kfpoperator.controller.testing.ArgoSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The argo execution engine's WorkflowTemplates (docs/execution-engines.md): the names and parameters the
 * operator relies on, valid against Argo's schema, settings taken from values.
 */
class ProviderWorkflowsChartTest {

    static final List<String> TEMPLATES = List.of("common-steps", "compiled-workflow-steps", "create-compiled",
            "update-compiled", "create-simple", "update-simple", "delete");

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("parent chart, kfp-provider-workflows.enabled", Helm.render("--set", "kfp-provider-workflows.enabled=true")),
                Arguments.of("sub-chart alone, defaults", Helm.renderWorkflows("ml-provider")),
                Arguments.of("sub-chart alone, every value changed",
                        Helm.renderWorkflows("ignored", "-f", Helm.values("workflows-custom.yaml").toString())));
    }

    static JsonNode tree(GenericKubernetesResource resource) {
        return Serialization.jsonMapper().valueToTree(resource);
    }

    static Map<String, JsonNode> workflowTemplates(Manifests manifests) {
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        manifests.generic("WorkflowTemplate").forEach(t -> byName.put(t.getMetadata().getName(), tree(t)));
        return byName;
    }

    static JsonNode template(JsonNode workflowTemplate, String name) {
        return StreamSupport.stream(workflowTemplate.at("/spec/templates").spliterator(), false)
                .filter(t -> name.equals(t.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no template " + name + " in " + workflowTemplate.at("/metadata/name")));
    }

    static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyWorkflowTemplateIsValidAgainstArgosSchema(String rendering, Manifests manifests) {
        Map<String, JsonNode> templates = workflowTemplates(manifests);

        assertThat(templates.keySet()).containsExactlyInAnyOrderElementsOf(TEMPLATES);
        templates.forEach((name, template) ->
                assertThat(ArgoSchema.violations("WorkflowTemplate", template)).as(name).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void entryPointsTakeTheOperatorsArgumentsAndExposeProviderOutputAndStatus(String rendering, Manifests manifests) {
        Map<String, JsonNode> templates = workflowTemplates(manifests);
        List<String> create = List.of("resource-kind", "resource-definition", "provider-name", "provider-service-url");
        Map<String, List<String>> expected = Map.of(
                "create-simple", create,
                "update-simple", concat(create, "resource-id"),
                "create-compiled", concat(create, "pipeline-framework-image"),
                "update-compiled", concat(create, "pipeline-framework-image", "resource-id"),
                "delete", List.of("resource-kind", "resource-id", "provider-name", "provider-service-url"));

        expected.forEach((name, parameters) -> {
            JsonNode spec = templates.get(name).path("spec");
            assertThat(names(spec.at("/arguments/parameters"))).as(name).containsExactlyInAnyOrderElementsOf(parameters);
            assertThat(spec.path("entrypoint").asText()).as(name).isEqualTo("main");
            JsonNode outputs = template(templates.get(name), "main").at("/outputs/parameters");
            assertThat(names(outputs)).as(name).containsExactly("provider-output", "provider-status");
            assertThat(outputs.get(0).at("/valueFrom/parameter").asText()).isEqualTo("{{steps.provider.outputs.parameters.provider-output}}");
            assertThat(outputs.get(1).at("/valueFrom/parameter").asText()).isEqualTo("{{steps.provider.outputs.parameters.provider-status}}");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void stepTemplatesHaveTheNamesTheWorkflowsReferTo(String rendering, Manifests manifests) {
        Map<String, JsonNode> templates = workflowTemplates(manifests);

        assertThat(names(templates.get("common-steps").at("/spec/templates")))
                .containsExactlyInAnyOrder("select-resource-image", "url-encode", "create", "update", "delete");
        assertThat(names(templates.get("compiled-workflow-steps").at("/spec/templates"))).containsExactlyInAnyOrder("compile", "combine-files");
        for (String call : List.of("create", "update", "delete")) {
            assertThat(names(template(templates.get("common-steps"), call).at("/outputs/parameters")))
                    .containsExactly("provider-output", "provider-status");
        }
        // Every templateRef points at a template that exists.
        templates.values().forEach(wt -> wt.at("/spec/templates").forEach(t -> t.path("steps").forEach(group -> group.forEach(step -> {
            String refName = step.at("/templateRef/name").asText();
            String refTemplate = step.at("/templateRef/template").asText();
            assertThat(templates).as("templateRef %s", refName).containsKey(refName);
            template(templates.get(refName), refTemplate);
        }))));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Map<String, JsonNode> templates = workflowTemplates(Helm.renderWorkflows("ml-provider"));

        for (String name : List.of("create-compiled", "update-compiled", "create-simple", "update-simple", "delete")) {
            JsonNode spec = templates.get(name).path("spec");
            assertThat(templates.get(name).at("/metadata/namespace").asText()).isEqualTo("ml-provider");
            assertThat(spec.path("serviceAccountName").asText()).isEqualTo("kfp-operator-argo");
            assertThat(spec.at("/ttlStrategy/secondsAfterCompletion").asInt()).isEqualTo(3600);
            assertThat(spec.path("securityContext")).isEqualTo(new ObjectMapper().createObjectNode()
                    .put("runAsNonRoot", true).put("runAsUser", 1000).put("fsGroup", 1000));
        }
        assertThat(template(templates.get("compiled-workflow-steps"), "compile").path("activeDeadlineSeconds").asInt()).isEqualTo(1800);
        for (String step : List.of("select-resource-image", "url-encode", "create", "update", "delete")) {
            assertThat(template(templates.get("common-steps"), step).path("activeDeadlineSeconds").asInt()).as(step).isEqualTo(300);
        }
        assertThat(template(templates.get("common-steps"), "create").at("/script/image").asText()).isEqualTo("curlimages/curl:8.12.1");
    }

    @Test
    void valuesReachTheTemplates() {
        Manifests manifests = Helm.renderWorkflows("ignored", "-f", Helm.values("workflows-custom.yaml").toString());
        Map<String, JsonNode> templates = workflowTemplates(manifests);

        for (String name : List.of("create-compiled", "update-compiled", "create-simple", "update-simple", "delete")) {
            JsonNode spec = templates.get(name).path("spec");
            assertThat(templates.get(name).at("/metadata/namespace").asText()).isEqualTo("team-ml");
            assertThat(spec.path("serviceAccountName").asText()).isEqualTo("ml-argo");
            assertThat(spec.at("/ttlStrategy/secondsAfterCompletion").asInt()).isEqualTo(600);
            assertThat(spec.at("/securityContext/runAsUser").asInt()).isEqualTo(2000);
        }
        JsonNode compile = template(templates.get("compiled-workflow-steps"), "compile");
        assertThat(compile.path("activeDeadlineSeconds").asInt()).isEqualTo(900);
        assertThat(compile.at("/initContainers/0/image").asText()).isEqualTo("{{inputs.parameters.pipeline-framework-image}}");
        assertThat(compile.at("/initContainers/0/args").toString()).isEqualTo("[\"/shared\"]");
        assertThat(compile.at("/container/image").asText()).isEqualTo("{{inputs.parameters.resource-image}}");
        assertThat(compile.at("/container/command").toString()).isEqualTo("[\"/shared/compile.sh\"]");
        assertThat(compile.at("/container/args").toString())
                .isEqualTo("[\"--output_file\",\"/tmp/resource.yaml\",\"--pipeline_config\",\"/resource-definition.yaml\"]");
        assertThat(compile.at("/container/imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(compile.at("/metadata/labels/team").asText()).isEqualTo("ml");

        JsonNode create = template(templates.get("common-steps"), "create");
        assertThat(create.path("activeDeadlineSeconds").asInt()).isEqualTo(120);
        assertThat(create.at("/script/image").asText()).isEqualTo("registry.example.com/mirror/curl:8.12.1");
        assertThat(create.at("/script/resources/limits/memory").asText()).isEqualTo("128Mi");
        assertThat(names(create.at("/script/env"))).contains("METHOD", "PROVIDER_SERVICE_URL", "HTTPS_PROXY");
        assertThat(template(templates.get("common-steps"), "url-encode").at("/script/image").asText())
                .isEqualTo("registry.example.com/mirror/jq:1.7.1");
        assertThat(template(templates.get("compiled-workflow-steps"), "combine-files").at("/script/image").asText())
                .isEqualTo("registry.example.com/mirror/jq:1.7.1");

        ServiceAccount account = manifests.one(ServiceAccount.class, "ml-argo");
        assertThat(account.getMetadata().getNamespace()).isEqualTo("team-ml");
        assertThat(account.getMetadata().getAnnotations()).containsKey("iam.gke.io/gcp-service-account");

        GenericKubernetesResource provider = manifests.generic("Provider").get(0);
        JsonNode spec = tree(provider).path("spec");
        assertThat(provider.getMetadata().getName()).isEqualTo("vertex");
        assertThat(provider.getMetadata().getNamespace()).isEqualTo("team-ml");
        assertThat(spec.path("executionEngine").asText()).isEqualTo("argo");
        assertThat(spec.path("serviceAccount").asText()).isEqualTo("ml-provider");
        assertThat(spec.at("/frameworks/0/name").asText()).isEqualTo("tfx");
        assertThat(spec.at("/parameters/vaiProject").asText()).isEqualTo("p");
        assertThat(spec.at("/podTemplateEnv/0/value").asText()).isEqualTo("vai");
    }

    @Test
    void theProviderIsOptionalAndRefusedWithoutItsRequiredValues() {
        assertThat(Helm.renderWorkflows("ml").generic("Provider")).isEmpty();

        Helm.Result result = Helm.templateWorkflows("ml", "--set", "provider.create=true");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("provider.serviceImage is required");
    }

    @Test
    void theArgoServiceAccountMayOnlyReportStepResults() {
        Manifests manifests = Helm.renderWorkflows("ml");

        Role role = manifests.one(Role.class, "kfp-operator-argo-executor");
        assertThat(role.getMetadata().getNamespace()).isEqualTo("ml");
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("argoproj.io");
            assertThat(rule.getResources()).containsExactly("workflowtaskresults");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "patch");
        });
        RoleBinding binding = manifests.one(RoleBinding.class, "kfp-operator-argo-executor");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("kfp-operator-argo");
            assertThat(s.getNamespace()).isEqualTo("ml");
        });

        Role legacy = Helm.renderWorkflows("ml", "--set", "argo.rbac.legacyExecutor=true").one(Role.class, "kfp-operator-argo-executor");
        assertThat(legacy.getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "watch", "patch");
        });
        assertThat(Helm.renderWorkflows("ml", "--set", "argo.rbac.create=false,argo.serviceAccount.create=false").all(Role.class)).isEmpty();
    }

    @Test
    void theControllerMayRunWorkflowsAndCompilationJobs() {
        ClusterRole manager = Helm.renderDefaults().one(ClusterRole.class, "kfp-operator-manager-role");

        assertThat(manager.getRules()).anySatisfy(rule -> grants(rule, "argoproj.io", "workflows",
                "get", "list", "watch", "create", "patch", "update", "delete"));
        assertThat(manager.getRules()).anySatisfy(rule -> grants(rule, "argoproj.io", "workflowtemplates", "get", "list"));
        assertThat(manager.getRules()).anySatisfy(rule -> grants(rule, "batch", "jobs", "get", "list", "watch", "create", "delete"));
        assertThat(manager.getRules()).anySatisfy(rule -> grants(rule, "", "pods", "get", "list", "watch"));
        assertThat(manager.getRules()).anySatisfy(rule -> grants(rule, "", "pods/log", "get"));
    }

    @Test
    void disabledByDefaultInTheParentChart() {
        assertThat(Helm.renderDefaults().generic("WorkflowTemplate")).isEmpty();
        assertThat(Helm.render("--set", "kfp-provider-workflows.enabled=true,kfp-provider-workflows.namespace=ml")
                .generic("WorkflowTemplate")).extracting(t -> t.getMetadata().getNamespace()).containsOnly("ml").hasSize(7);
    }

    @Test
    void everyValueIsDocumentedInTheSubChartReadme() throws IOException {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(Helm.WORKFLOWS_CHART.resolve("values.yaml").toFile());
        String readme = Files.readString(Helm.WORKFLOWS_CHART.resolve("README.md"));
        List<String> keys = new ArrayList<>();
        leaves("", values, keys);

        assertThat(keys).hasSizeGreaterThan(20);
        assertThat(keys).allSatisfy(key -> assertThat(readme).as("README.md documents `%s`", key).contains("`" + key + "`"));
    }

    private static void leaves(String prefix, JsonNode node, List<String> out) {
        if (node.isObject() && node.size() > 0 && !prefix.endsWith("securityContext")) {
            node.fields().forEachRemaining(e -> leaves(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.add(prefix);
        }
    }

    private static void grants(PolicyRule rule, String group, String resource, String... verbs) {
        assertThat(rule.getApiGroups()).containsExactly(group);
        assertThat(rule.getResources()).containsExactly(resource);
        assertThat(rule.getVerbs()).containsExactlyInAnyOrder(verbs);
    }

    private static List<String> concat(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }
}
