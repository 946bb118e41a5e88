package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.custom;
import static io.kfpoperator.apiserver.conformance.Conformance.http;
import static io.kfpoperator.apiserver.conformance.Conformance.json;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.resource;
import static io.kfpoperator.apiserver.conformance.Conformance.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.apiserver.conformance.Conformance.Answer;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What kube-apiserver checks of custom resources on write, through kubectl and fabric8: unknown fields by
 * fieldValidation (kubernetes.io "API concepts: field validation"; pruning in "Extend the Kubernetes API with
 * CustomResourceDefinitions"), the structural schema's 422 Invalid causes (apiextensions-apiserver
 * validation.kubeOpenAPIResultToFieldErrors, apimachinery field.Error), defaulting, CEL validation and transition
 * rules, validation ratcheting (1.30+ default on), and the CRD checks of CEL rules: compilation and the estimated
 * cost budget (apiextensions validation.go, getCostErrorMessage).
 */
class ValidationIT {

    /** registry/customresource/strategy.go hasBlockingErr: appended when a type, required, enum or size error stops the CEL rules. */
    private static final String NOT_CHECKED = "<nil>: Invalid value: \"null\": some validation rules were not checked because the "
            + "object was invalid; correct the existing errors to complete validation";
    private static final String COST_HINT = " (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where "
            + "arrays, maps, and strings are declared)";

    private static TestCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = Conformance.cluster();
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String runConfiguration(String namespace, String name, String extraSpec) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  run:
                    provider: kfp-operator/kfp
                    pipeline: hello-world
                  triggers:
                    schedules:
                      - cronExpression: "0 * * * *"
                %s""".formatted(name, namespace, extraSpec);
    }

    private static JsonNode getJson(String namespace, String kind, String name) {
        Kubectl.Result result = kubectl.run("get", kind, name, "-n", namespace, "-o", "json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        return json(result.out());
    }

    private static String toJson(String yamlText) {
        return Conformance.JSON.valueToTree(yaml(yamlText)).toString();
    }

    // ---------------------------------------------------------------- unknown fields

    private static String withUnknownFields(String ns, String name) {
        return runConfiguration(ns, name, "  b: 2\n  a: 1\n");
    }

    @Test
    @DisplayName("Field validation Strict (kubectl apply's default --validate=strict): unknown fields are 400 BadRequest naming "
            + "every one, sorted: 'strict decoding error: unknown field \"spec.a\", unknown field \"spec.b\"'")
    void unknownFieldsStrict(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "strict");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, withUnknownFields(ns, "strict"));
        String message = "RunConfiguration in version \"v1beta1\" cannot be handled as a RunConfiguration: strict decoding error: "
                + "unknown field \"spec.a\", unknown field \"spec.b\"";

        Kubectl.Result applied = kubectl.run("apply", "-f", file.toString());
        Kubectl.Result serverSide = kubectl.run("apply", "--server-side", "-f", file.toString());
        Answer raw = http(cluster, "POST", path(ns, "runconfigurations", null) + "?fieldValidation=Strict", "application/json",
                toJson(withUnknownFields(ns, "strict")));

        assertThat(applied.exitCode()).isNotZero();
        assertThat(applied.err().trim()).isEqualTo("Error from server (BadRequest): error when creating \"" + file + "\": " + message);
        // Server-side apply types the configuration first (structured-merge-diff): an undeclared field is a plain error,
        // 500 without reason, "failed to create typed patch object"; SMD stops at the first one of a map, in Go map order.
        assertThat(serverSide.exitCode()).isNotZero();
        assertThat(serverSide.err().trim()).matches("Error from server: failed to create typed patch object \\(" + ns
                + "/strict; pipelines.kubeflow.org/v1beta1, Kind=RunConfiguration\\): \\.spec\\.[ab]: field not declared in schema");
        assertThat(raw.code()).isEqualTo(400);
        assertThat(raw.body().path("reason").asText()).isEqualTo("BadRequest");
        assertThat(raw.body().path("message").asText()).isEqualTo(message);
        assertThat(kubectl.run("get", "runconfiguration", "strict", "-n", ns).exitCode()).isNotZero();
    }

    @Test
    @DisplayName("Field validation Warn (kubectl --validate=warn; the server's default, so fabric8's too): stored without the "
            + "unknown fields, one 'Warning: unknown field \"spec.a\"' per field")
    void unknownFieldsWarn(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "warn");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, withUnknownFields(ns, "warned"));

        Kubectl.Result applied = kubectl.run("apply", "--validate=warn", "-f", file.toString());
        GenericKubernetesResource viaFabric8 = custom(cluster.client, "RunConfiguration").inNamespace(ns)
                .resource(resource(cluster.client, withUnknownFields(ns, "fabric8"))).create();
        Answer raw = http(cluster, "POST", path(ns, "runconfigurations", null), "application/json", toJson(withUnknownFields(ns, "raw")));

        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(applied.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org/warned created");
        assertThat(Arrays.stream(applied.err().split("\n")).filter(l -> l.startsWith("Warning:")).toList())
                .containsExactly("Warning: unknown field \"spec.a\"", "Warning: unknown field \"spec.b\"");
        assertThat(raw.code()).isEqualTo(201);
        for (String name : List.of("warned", "fabric8", "raw")) {
            JsonNode spec = getJson(ns, "runconfiguration", name).path("spec");
            assertThat(spec.has("a") || spec.has("b")).as(name).isFalse();
        }
        assertThat(viaFabric8.getAdditionalProperties().get("spec").toString()).doesNotContain("a=1");
    }

    @Test
    @DisplayName("Field validation Ignore (kubectl --validate=false): unknown fields pruned silently")
    void unknownFieldsIgnored(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "ignore");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, withUnknownFields(ns, "ignored"));

        Kubectl.Result applied = kubectl.run("apply", "--validate=false", "-f", file.toString());

        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(applied.err()).isEmpty();
        JsonNode spec = getJson(ns, "runconfiguration", "ignored").path("spec");
        assertThat(spec.has("a") || spec.has("b")).isFalse();
        assertThat(spec.path("run").path("pipeline").asText()).isEqualTo("hello-world");
    }

    // ---------------------------------------------------------------- schema errors

    /** Checks one refused create by kubectl, raw HTTP and fabric8: 422 Invalid, the message, and the causes (reason, field, message). */
    private static void assertInvalid(String manifest, String qualifiedKind, String kind, String name, List<String[]> causes) {
        String list = causes.size() == 1 ? causes.get(0)[1] + ": " + causes.get(0)[2]
                : "[" + String.join(", ", causes.stream().map(c -> c[1] + ": " + c[2]).toList()) + "]";
        String message = qualifiedKind + " \"" + name + "\" is invalid: " + list;
        JsonNode body = yaml(manifest);
        String ns = body.path("metadata").path("namespace").asText();
        String plural = qualifiedKind.substring(0, qualifiedKind.indexOf('.')).toLowerCase(java.util.Locale.ROOT) + "s";

        Kubectl.Result created = kubectl.runWithInput(manifest, "create", "-f", "-");
        Answer raw = http(cluster, "POST", path(ns, plural, null), "application/json", Conformance.JSON.valueToTree(body).toString());

        // kubectl's StandardErrorMessage: "The <details.kind> "<name>" is invalid: " and the causes, one per line when more than one.
        String printed = causes.size() == 1 ? causes.get(0)[1] + ": " + causes.get(0)[2]
                : "\n" + String.join("\n", causes.stream().map(c -> "* " + c[1] + ": " + c[2]).toList());
        assertThat(created.exitCode()).isNotZero();
        assertThat(created.err().trim()).isEqualTo(("The " + kind + " \"" + name + "\" is invalid: " + printed).trim());
        assertThat(raw.code()).isEqualTo(422);
        assertThat(raw.body().path("reason").asText()).isEqualTo("Invalid");
        assertThat(raw.body().path("message").asText()).isEqualTo(message);
        assertThat(raw.body().path("details").path("name").asText()).isEqualTo(name);
        assertThat(raw.body().path("details").path("group").asText()).isEqualTo(Conformance.GROUP);
        assertThat(raw.body().path("details").path("kind").asText()).isEqualTo(kind);
        JsonNode rawCauses = raw.body().path("details").path("causes");
        assertThat(rawCauses).hasSize(causes.size());
        for (int i = 0; i < causes.size(); i++) {
            assertThat(rawCauses.get(i).path("reason").asText()).isEqualTo(causes.get(i)[0]);
            assertThat(rawCauses.get(i).path("field").asText()).isEqualTo(causes.get(i)[1]);
            assertThat(rawCauses.get(i).path("message").asText()).isEqualTo(causes.get(i)[2]);
        }
        assertThatThrownBy(() -> cluster.client.resource(resource(cluster.client, manifest)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getMessage()).isEqualTo(message);
                    assertThat(e.getStatus().getDetails().getCauses()).hasSize(causes.size());
                    assertThat(e.getStatus().getDetails().getCauses().get(0).getReason()).isEqualTo(causes.get(0)[0]);
                    assertThat(e.getStatus().getDetails().getCauses().get(0).getField()).isEqualTo(causes.get(0)[1]);
                });
    }

    private static String[] cause(String reason, String field, String message) {
        return new String[] {reason, field, message};
    }

    private static String[] notChecked() {
        return cause("FieldValueInvalid", "<nil>", NOT_CHECKED.substring("<nil>: ".length()));
    }

    @Test
    @DisplayName("Wrong type: 422, FieldValueTypeInvalid 'Invalid value: \"integer\": spec.image in body must be of type string: "
            + "\"integer\"' (errors.InvalidType; Pipeline has no CEL rules, so nothing else)")
    void wrongType() {
        String ns = Conformance.namespace(cluster, "type");
        String manifest = Conformance.pipeline(ns, "typed").replace("image: ghcr.io/example/hello-world:v1", "image: 5");
        assertInvalid(manifest, "Pipeline.pipelines.kubeflow.org", "Pipeline", "typed", List.<String[]>of(
                cause("FieldValueTypeInvalid", "spec.image", "Invalid value: \"integer\": spec.image in body must be of type string: \"integer\"")));
    }

    @Test
    @DisplayName("Enum: 422 FieldValueNotSupported 'Unsupported value: \"sometimes\": supported values: \"pipeline\", \"runSpec\"'; "
            + "the RunConfiguration's CEL rules are then not run, which kube-apiserver says in a second cause")
    void enumValueNotAllowed() {
        String ns = Conformance.namespace(cluster, "enum");
        String manifest = runConfiguration(ns, "enum", "    onChange: [sometimes]\n");
        assertInvalid(manifest, "RunConfiguration.pipelines.kubeflow.org", "RunConfiguration", "enum", List.of(
                cause("FieldValueNotSupported", "spec.triggers.onChange[0]",
                        "Unsupported value: \"sometimes\": supported values: \"pipeline\", \"runSpec\""),
                notChecked()));
    }

    @Test
    @DisplayName("Required: 422 FieldValueRequired 'Required value' at spec.run.provider (plus the CEL not-checked cause)")
    void missingRequiredField() {
        String ns = Conformance.namespace(cluster, "required");
        String manifest = runConfiguration(ns, "required", "").replace("    provider: kfp-operator/kfp\n", "");
        assertInvalid(manifest, "RunConfiguration.pipelines.kubeflow.org", "RunConfiguration", "required", List.of(
                cause("FieldValueRequired", "spec.run.provider", "Required value"), notChecked()));
    }

    @Test
    @DisplayName("maxLength: 422 FieldValueTooLong 'Too long: may not be more than 512 bytes', the value left out (field.TooLong)")
    void tooLongString() {
        String ns = Conformance.namespace(cluster, "too-long");
        String manifest = runConfiguration(ns, "long", "").replace("pipeline: hello-world", "pipeline: " + "p".repeat(513));
        assertInvalid(manifest, "RunConfiguration.pipelines.kubeflow.org", "RunConfiguration", "long", List.of(
                cause("FieldValueTooLong", "spec.run.pipeline", "Too long: may not be more than 512 bytes"), notChecked()));
    }

    @Test
    @DisplayName("ObjectMeta: a name that is no DNS subdomain is 422 at metadata.name with apimachinery's RFC 1123 message; "
            + "not a blocking error, so nothing more")
    void badName() {
        String ns = Conformance.namespace(cluster, "bad-name");
        String manifest = runConfiguration(ns, "Bad_Name", "");
        assertInvalid(manifest, "RunConfiguration.pipelines.kubeflow.org", "RunConfiguration", "Bad_Name", List.<String[]>of(
                cause("FieldValueInvalid", "metadata.name", "Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of "
                        + "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                        + "(e.g. 'example.com', regex used for validation is "
                        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")));
    }

    // ---------------------------------------------------------------- test CRDs

    private static String crd(String plural, String kind, String specProperties, String extra) {
        return """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: %1$s.conformance.example.com
                spec:
                  group: conformance.example.com
                  names: {plural: %1$s, singular: %3$s, kind: %2$s}
                  scope: Namespaced
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                %5$s              properties:
                %4$s""".formatted(plural, kind, kind.toLowerCase(java.util.Locale.ROOT), specProperties.indent(16), extra);
    }

    private static Kubectl.Result applyCrd(Path dir, String crd) throws IOException {
        Path file = Files.createTempFile(dir, "crd", ".yaml");
        Files.writeString(file, crd);
        return kubectl.run("apply", "-f", file.toString());
    }

    private static String object(String kind, String ns, String name, String spec) {
        return """
                apiVersion: conformance.example.com/v1
                kind: %s
                metadata:
                  name: %s
                  namespace: %s
                spec: %s
                """.formatted(kind, name, ns, spec);
    }

    @Test
    @DisplayName("CRDs (defaulting): defaults of the schema are applied on create, nested ones inside a defaulted object too "
            + "(structural defaulting walks into the default it set)")
    void defaults(@TempDir Path dir) throws IOException {
        // None of the chart's CRDs declares a default, so a CRD of this test's own.
        Kubectl.Result installed = applyCrd(dir, crd("widgets", "Widget", """
                replicas: {type: integer, default: 1}
                mode: {type: string, default: Auto}
                settings:
                  type: object
                  default: {}
                  properties:
                    level: {type: string, default: info}
                    format: {type: string}
                """, ""));
        assertThat(installed.exitCode()).as(installed.all()).isZero();
        String ns = Conformance.namespace(cluster, "defaults");

        Kubectl.Result created = kubectl.runWithInput(object("Widget", ns, "w", "{mode: Manual}"), "create", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();
        Answer raw = http(cluster, "POST", "/apis/conformance.example.com/v1/namespaces/" + ns + "/widgets", "application/json",
                toJson(object("Widget", ns, "raw", "{settings: {format: json}}")));

        assertThat(getJson(ns, "widget", "w").path("spec"))
                .isEqualTo(json("{\"mode\":\"Manual\",\"replicas\":1,\"settings\":{\"level\":\"info\"}}"));
        assertThat(raw.code()).isEqualTo(201);
        assertThat(raw.body().path("spec"))
                .isEqualTo(json("{\"mode\":\"Auto\",\"replicas\":1,\"settings\":{\"format\":\"json\",\"level\":\"info\"}}"));
    }

    @Test
    @DisplayName("CEL transition rule (self.spec == oldSelf.spec on Run): a spec change is 422 '<nil>: Invalid value: spec is "
            + "immutable' (schema/cel/validation.go leaves object and array values out, field.OmitValueType); a label change is accepted")
    void transitionRule() {
        String ns = Conformance.namespace(cluster, "transition");
        String run = """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata:
                  name: once
                  namespace: %s
                spec:
                  provider: kfp-operator/kfp
                  pipeline: hello-world
                """.formatted(ns);
        assertThat(kubectl.runWithInput(run, "create", "-f", "-").exitCode()).isZero();

        Kubectl.Result patched = kubectl.run("patch", "run", "once", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"pipeline\":\"other\"}}");
        Answer raw = http(cluster, "PATCH", path(ns, "runs", "once"), "application/merge-patch+json", "{\"spec\":{\"pipeline\":\"other\"}}");
        Kubectl.Result labelled = kubectl.run("label", "run", "once", "-n", ns, "team=ml");

        assertThat(patched.exitCode()).isNotZero();
        assertThat(patched.err().trim()).isEqualTo("The Run \"once\" is invalid: <nil>: Invalid value: spec is immutable");
        assertThat(raw.code()).isEqualTo(422);
        assertThat(raw.body().path("message").asText())
                .isEqualTo("Run.pipelines.kubeflow.org \"once\" is invalid: <nil>: Invalid value: spec is immutable");
        assertThat(raw.body().path("details").path("causes")).isEqualTo(json("""
                [{"reason":"FieldValueInvalid","message":"Invalid value: spec is immutable","field":"<nil>"}]"""));
        assertThat(labelled.exitCode()).as(labelled.all()).isZero();
        JsonNode stored = getJson(ns, "run", "once");
        assertThat(stored.path("spec").path("pipeline").asText()).isEqualTo("hello-world");
        assertThat(stored.path("metadata").path("labels").path("team").asText()).isEqualTo("ml");
    }

    @Test
    @DisplayName("CRD validation ratcheting (1.30+): after the CRD gains maxLength, an update that leaves the too-long value as "
            + "it was is accepted; one that changes it to another invalid value is refused")
    void ratcheting(@TempDir Path dir) throws IOException {
        assertThat(applyCrd(dir, crd("gadgets", "Gadget", "code: {type: string}\nnote: {type: string}\n", "")).exitCode()).isZero();
        String ns = Conformance.namespace(cluster, "ratchet");
        assertThat(kubectl.runWithInput(object("Gadget", ns, "g", "{code: toolong}"), "create", "-f", "-").exitCode()).isZero();
        Kubectl.Result tightened = applyCrd(dir, crd("gadgets", "Gadget", "code: {type: string, maxLength: 3}\nnote: {type: string}\n", ""));
        assertThat(tightened.exitCode()).as(tightened.all()).isZero();
        // A new object with the same value is refused: the rule is in force.
        Kubectl.Result fresh = kubectl.runWithInput(object("Gadget", ns, "h", "{code: toolong}"), "create", "-f", "-");
        assertThat(fresh.exitCode()).isNotZero();
        assertThat(fresh.err().trim()).isEqualTo("The Gadget \"h\" is invalid: spec.code: Too long: may not be more than 3 bytes");

        Kubectl.Result labelled = kubectl.run("label", "gadget", "g", "-n", ns, "team=ml");
        Kubectl.Result noted = kubectl.run("patch", "gadget", "g", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"note\":\"kept\"}}");
        Kubectl.Result changed = kubectl.run("patch", "gadget", "g", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"code\":\"stilltoolong\"}}");

        assertThat(labelled.exitCode()).as(labelled.all()).isZero();
        assertThat(noted.exitCode()).as(noted.all()).isZero();
        assertThat(changed.exitCode()).isNotZero();
        assertThat(changed.err().trim()).isEqualTo("The Gadget \"g\" is invalid: spec.code: Too long: may not be more than 3 bytes");
        assertThat(getJson(ns, "gadget", "g").path("spec")).isEqualTo(json("{\"code\":\"toolong\",\"note\":\"kept\"}"));
    }

    @Test
    @DisplayName("CRD validation rules (resource use): a rule over the estimated cost budget is refused at kubectl apply of the "
            + "CRD, 'estimated rule cost exceeds budget by factor of more than 100x', with the schema total; bounded by "
            + "maxItems/maxLength the same rule is accepted")
    void ruleOverCostBudget(@TempDir Path dir) throws IOException {
        String rule = "  x-kubernetes-validations:\n    - rule: self.all(x, self.exists_one(y, x == y))\n";
        String unbounded = "items:\n  type: array\n  items: {type: string}\n" + rule;
        String bounded = "items:\n  type: array\n  maxItems: 10\n  items: {type: string, maxLength: 10}\n" + rule;

        Kubectl.Result refused = applyCrd(dir, crd("costlies", "Costly", unbounded, ""));
        String rulePath = "spec.validation.openAPIV3Schema.properties[spec].properties[items].x-kubernetes-validations[0].rule";

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err().trim()).isEqualTo(("""
                The CustomResourceDefinition "costlies.conformance.example.com" is invalid:\s
                * %1$s: Forbidden: estimated rule cost exceeds budget by factor of more than 100x%2$s
                * %1$s: Forbidden: contributed to estimated rule & messageExpression cost total exceeding cost limit for entire OpenAPIv3 schema
                * spec.validation.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule & messageExpression cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x%2$s
                """).formatted(rulePath, COST_HINT).trim());
        assertThat(kubectl.run("get", "crd", "costlies.conformance.example.com").exitCode()).isNotZero();

        Kubectl.Result accepted = applyCrd(dir, crd("costlies", "Costly", bounded, ""));
        assertThat(accepted.exitCode()).as(accepted.all()).isZero();
        assertThat(accepted.out().trim()).isEqualTo("customresourcedefinition.apiextensions.k8s.io/costlies.conformance.example.com created");
        String ns = Conformance.namespace(cluster, "cost");
        Kubectl.Result duplicate = kubectl.runWithInput(object("Costly", ns, "c", "{items: [a, a]}"), "create", "-f", "-");
        assertThat(duplicate.exitCode()).isNotZero();
        assertThat(duplicate.err().trim()).isEqualTo("The Costly \"c\" is invalid: spec.items: Invalid value: failed rule: "
                + "self.all(x, self.exists_one(y, x == y))");
    }

    @Test
    @DisplayName("CRD validation rules: a rule that does not compile is refused at kubectl apply of the CRD, 'compilation failed: "
            + "ERROR: <input>:1:5: undefined field 'nope''")
    void ruleThatDoesNotCompile(@TempDir Path dir) throws IOException {
        String rule = "x-kubernetes-validations:\n  - rule: self.nope > 0\n".indent(14);
        Kubectl.Result refused = applyCrd(dir, crd("brokens", "Broken", "size: {type: integer}\n", rule));

        assertThat(refused.exitCode()).isNotZero();
        // validation.go: field.Invalid(..., schema.XValidations[i], cr.Error.Detail); the rule struct printed with %#v.
        assertThat(refused.err()).startsWith("The CustomResourceDefinition \"brokens.conformance.example.com\" is invalid: "
                + "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: "
                + "apiextensions.ValidationRule{Rule:\"self.nope > 0\", Message:\"\", MessageExpression:\"\", "
                + "Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: "
                + "compilation failed: ERROR: <input>:1:5: undefined field 'nope'");
        assertThat(kubectl.run("get", "crd", "brokens.conformance.example.com").exitCode()).isNotZero();
    }
}
