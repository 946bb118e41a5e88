package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.kfpoperator.apiserver.apply.Fixtures.T1;
import static io.kfpoperator.apiserver.apply.Fixtures.T2;
import static io.kfpoperator.apiserver.apply.Fixtures.T3;
import static io.kfpoperator.apiserver.apply.Fixtures.V1BETA1;
import static io.kfpoperator.apiserver.apply.Fixtures.json;
import static io.kfpoperator.apiserver.apply.Fixtures.manager;
import static io.kfpoperator.apiserver.apply.Fixtures.managedFields;
import static io.kfpoperator.apiserver.apply.Fixtures.runConfiguration;
import static io.kfpoperator.apiserver.apply.Fixtures.stored;
import static io.kfpoperator.apiserver.apply.ManagedFieldsAssert.assertManagedFields;
import static org.assertj.core.api.Assertions.assertThat;

class RecordUpdateTest {

    private final FieldManager fields = manager();

    @Test
    void aCreateGivesTheCreatorEveryFieldIncludingTheStructsItCreated() {
        ObjectNode created = runConfiguration("image: img:1\nenv: [{name: a, value: \"1\"}]\n");
        ((ObjectNode) created.get("metadata")).putObject("labels").put("app", "rc");

        fields.recordUpdate(null, created, "kubectl-create", null, V1BETA1, T1);

        assertManagedFields(created, """
                [{"manager":"kubectl-create","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                              "f:spec":{".":{},"f:env":{".":{},"k:{\\"name\\":\\"a\\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{}}}}]
                """);
    }

    @Test
    void anUpdateWithoutAManagerIsRecordedAsUnknown() {
        ObjectNode created = runConfiguration("image: img:1\n");

        fields.recordUpdate(null, created, FieldManager.managerOrUserAgent(null, null), null, V1BETA1, T1);

        assertThat(managedFields(created).get(0).get("manager").asText()).isEqualTo("unknown");
    }

    @Test
    void theManagerOfAWriteWithoutFieldManagerComesFromTheUserAgent() {
        assertThat(FieldManager.managerFromUserAgent("kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9")).isEqualTo("kubectl");
        assertThat(FieldManager.managerFromUserAgent("fabric8-kubernetes-client/7.5.2")).isEqualTo("fabric8-kubernetes-client");
        assertThat(FieldManager.managerFromUserAgent("kustomize-controller")).isEqualTo("kustomize-controller");
        assertThat(FieldManager.managerFromUserAgent("a\tb/c")).isEqualTo("ab");
        assertThat(FieldManager.managerFromUserAgent("x".repeat(200))).hasSize(128);
        assertThat(FieldManager.managerOrUserAgent("kfp-operator", "Go-http-client/1.1")).isEqualTo("kfp-operator");
    }

    @Test
    void anUpdateThatChangesNothingKeepsTheEntriesAndTheirTimes() {
        ObjectNode live = runConfiguration("image: img:1\n");
        fields.recordUpdate(null, live, "kubectl-create", null, V1BETA1, T1);
        live = stored(live);
        ObjectNode same = live.deepCopy();

        fields.recordUpdate(live, same, "kubectl-edit", null, V1BETA1, T2);

        assertThat(same).isEqualTo(live);
    }

    @Test
    void repeatedUpdatesByOneManagerAccumulateInOneEntryWithTheLatestTime() {
        ObjectNode live = runConfiguration("image: img:1\n");
        fields.recordUpdate(null, live, "operator", null, V1BETA1, T1);
        live = stored(live);
        ObjectNode next = live.deepCopy();
        ((ObjectNode) next.get("spec")).put("replicas", 3);

        fields.recordUpdate(live, next, "operator", null, V1BETA1, T2);

        assertManagedFields(next, """
                [{"manager":"operator","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{".":{},"f:image":{},"f:replicas":{}}}}]
                """);
    }

    @Test
    void removingAFieldTakesItFromItsOwner() {
        ObjectNode live = stored(fields.apply(null, runConfiguration("image: img:1\nreplicas: 2\n"), "alice", false, null, V1BETA1, T1));
        ObjectNode next = live.deepCopy();
        ((ObjectNode) next.get("spec")).remove("replicas");

        fields.recordUpdate(live, next, "kubectl-edit", null, V1BETA1, T2);

        assertManagedFields(next, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
    }

    @Test
    void managedFieldsSentWithAnUpdateReplaceTheStoredOnes() {
        ObjectNode live = stored(fields.apply(null, runConfiguration("image: img:1\nreplicas: 2\n"), "alice", false, null, V1BETA1, T1));
        ObjectNode next = live.deepCopy();
        ((ObjectNode) next.get("metadata")).set("managedFields", json("""
                {"m":[{"manager":"restored","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                       "time":"2024-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]}
                """).get("m"));

        fields.recordUpdate(live, next, "velero", null, V1BETA1, T2);

        assertManagedFields(next, """
                [{"manager":"restored","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
    }

    @Test
    void resettingManagedFieldsClearsThemAndTrackingStaysOffUntilTheNextApply() {
        ObjectNode live = stored(fields.apply(null, runConfiguration("image: img:1\n"), "alice", false, null, V1BETA1, T1));
        ObjectNode reset = live.deepCopy();
        ((ObjectNode) reset.get("metadata")).putArray("managedFields").addObject();

        fields.recordUpdate(live, reset, "kubectl-patch", null, V1BETA1, T2);
        assertThat(reset.path("metadata").has("managedFields")).isFalse();

        ObjectNode edited = reset.deepCopy();
        ((ObjectNode) edited.get("spec")).put("image", "img:2");
        fields.recordUpdate(reset, edited, "kubectl-edit", null, V1BETA1, T3);
        assertThat(edited.path("metadata").has("managedFields")).isFalse();

        ObjectNode applied = fields.apply(edited, runConfiguration("image: img:2\n"), "alice", false, null, V1BETA1, T3);
        assertManagedFields(applied, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}},
                 {"manager":"before-first-apply","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T12:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{".":{},"f:image":{}}}}]
                """);
    }

    @Test
    void anEmptyManagedFieldsListAlsoResets() {
        ObjectNode live = stored(fields.apply(null, runConfiguration("image: img:1\n"), "alice", false, null, V1BETA1, T1));
        ObjectNode reset = live.deepCopy();
        ((ObjectNode) reset.get("metadata")).putArray("managedFields");

        fields.recordUpdate(live, reset, "kubectl-patch", null, V1BETA1, T2);

        assertThat(reset.path("metadata").has("managedFields")).isFalse();
    }

    @Test
    void beyondTenUpdateManagersTheOldestMergeIntoAncientChanges() {
        ObjectNode live = runConfiguration("image: img:0\n");
        fields.recordUpdate(null, live, "creator", null, V1BETA1, Instant.parse("2024-01-01T00:00:00Z"));
        live = stored(live);
        for (int i = 1; i <= 10; i++) {
            ObjectNode next = live.deepCopy();
            ((ObjectNode) next.get("spec")).set("parameters", merged(live, "p" + i));
            fields.recordUpdate(live, next, "writer-" + i, null, V1BETA1, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * i));
            live = next;
        }

        assertThat(managedFields(live)).hasSize(10);
        assertThat(managedFields(live).get(0).get("manager").asText()).isEqualTo("ancient-changes");
        assertThat(managedFields(live).get(0).get("time").asText()).isEqualTo("2024-01-01T00:01:00Z");
        assertThat(managedFields(live).get(0).get("fieldsV1")).isEqualTo(json("""
                {"f:spec":{".":{},"f:image":{},"f:parameters":{".":{},"f:p1":{}}}}
                """));
    }

    private static com.fasterxml.jackson.databind.JsonNode merged(ObjectNode live, String key) {
        ObjectNode parameters = live.path("spec").path("parameters").isObject()
                ? ((ObjectNode) live.at("/spec/parameters")).deepCopy() : json("{}");
        parameters.put(key, "v");
        return parameters;
    }
}
