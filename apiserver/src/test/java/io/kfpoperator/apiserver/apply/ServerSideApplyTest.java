package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.kfpoperator.apiserver.apply.Fixtures.T1;
import static io.kfpoperator.apiserver.apply.Fixtures.T2;
import static io.kfpoperator.apiserver.apply.Fixtures.T3;
import static io.kfpoperator.apiserver.apply.Fixtures.V1BETA1;
import static io.kfpoperator.apiserver.apply.Fixtures.json;
import static io.kfpoperator.apiserver.apply.Fixtures.manager;
import static io.kfpoperator.apiserver.apply.Fixtures.runConfiguration;
import static io.kfpoperator.apiserver.apply.Fixtures.stored;
import static io.kfpoperator.apiserver.apply.ManagedFieldsAssert.assertManagedFields;
import static io.kfpoperator.apiserver.apply.ManagedFieldsAssert.withoutManagedFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ServerSideApplyTest {

    private final FieldManager fields = manager();

    private ObjectNode applyAndStore(ObjectNode live, ObjectNode config, String manager, java.time.Instant at) {
        ObjectNode result = fields.apply(live, config, manager, false, null, V1BETA1, at);
        return live == null ? stored(result) : result;
    }

    @Test
    void createByApplyRecordsTheAppliersFieldsWithoutTheUntrackedMetadata() {
        ObjectNode config = runConfiguration("""
                image: img:1
                env:
                - {name: a, value: "1"}
                parameters: {p: q}
                """);

        ObjectNode created = fields.apply(null, config, "alice", false, null, V1BETA1, T1);

        assertThat(withoutManagedFields(created)).isEqualTo(config);
        assertManagedFields(created, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:spec":{"f:env":{"k:{\\"name\\":\\"a\\"}":{".":{},"f:name":{},"f:value":{}}},
                                        "f:image":{},"f:parameters":{"f:p":{}}}}}]
                """);
    }

    @Test
    void labelsAndAnnotationsAreOwnedKeyByKey() {
        ObjectNode config = runConfiguration("image: img:1\n");
        ((ObjectNode) config.get("metadata")).putObject("labels").put("app", "rc");

        ObjectNode created = fields.apply(null, config, "alice", false, null, V1BETA1, T1);

        assertManagedFields(created, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:image":{}}}}]
                """);
    }

    @Test
    void reapplyingAnUnchangedConfigurationChangesNothingNotEvenTheTime() {
        ObjectNode config = runConfiguration("image: img:1\nreplicas: 2\n");
        ObjectNode live = applyAndStore(null, config, "alice", T1);

        ObjectNode again = fields.apply(live, config, "alice", false, null, V1BETA1, T2);

        assertThat(again).isEqualTo(live);
    }

    @Test
    void anApplyThatDropsAFieldRemovesIt() {
        ObjectNode live = applyAndStore(null, runConfiguration("image: img:1\nreplicas: 2\nparameters: {p: q}\n"), "alice", T1);

        ObjectNode result = fields.apply(live, runConfiguration("image: img:1\n"), "alice", false, null, V1BETA1, T2);

        assertThat(result.get("spec")).isEqualTo(json("{\"image\":\"img:1\"}"));
        assertManagedFields(result, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
    }

    @Test
    void droppingAFieldAnotherManagerAlsoOwnsKeepsItWithThatManager() {
        ObjectNode live = applyAndStore(null, runConfiguration("image: img:1\nreplicas: 2\n"), "alice", T1);
        live = fields.apply(live, runConfiguration("replicas: 2\n"), "bob", false, null, V1BETA1, T2);

        ObjectNode result = fields.apply(live, runConfiguration("image: img:1\n"), "alice", false, null, V1BETA1, T3);

        assertThat(result.get("spec")).isEqualTo(json("{\"image\":\"img:1\",\"replicas\":2}"));
        // Nothing in the object changed, so alice's time stays; bob's apply changed nothing either, so he has none.
        assertManagedFields(result, """
                [{"manager":"bob","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}},
                 {"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
    }

    @Test
    void changingAFieldAnotherManagerOwnsIsAConflictWithKubesMessageAndStatus() {
        ObjectNode live = applyAndStore(null, runConfiguration("image: img:1\n"), "alice", T1);

        ApplyConflictException conflict = catchThrowableOfType(ApplyConflictException.class,
                () -> fields.apply(live, runConfiguration("image: img:2\n"), "flux", false, null, V1BETA1, T2));

        assertThat(conflict.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"alice\": .spec.image");
        assertThat(conflict.conflicts()).containsExactly(
                new ApplyConflictException.Conflict("alice", "Apply", null, null, ".spec.image"));
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.status()).isEqualTo(json("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"Apply failed with 1 conflict: conflict with \\"alice\\": .spec.image",
                 "reason":"Conflict",
                 "details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \\"alice\\"","field":".spec.image"}]},
                 "code":409}
                """));
    }

    @Test
    void conflictsWithSeveralManagersAreGroupedByManager() {
        ObjectNode live = applyAndStore(null, runConfiguration("image: img:1\nreplicas: 1\n"), "alice", T1);
        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.get("spec")).put("replicas", 3);
        fields.recordUpdate(live, edited, "kubectl-edit", null, V1BETA1, T2);

        ApplyConflictException conflict = catchThrowableOfType(ApplyConflictException.class,
                () -> fields.apply(edited, runConfiguration("image: img:2\nreplicas: 5\n"), "flux", false, null, V1BETA1, T3));

        assertThat(conflict.getMessage()).isEqualTo("""
                Apply failed with 2 conflicts: conflicts with "alice":
                - .spec.image
                conflicts with "kubectl-edit" using pipelines.kubeflow.org/v1beta1:
                - .spec.replicas""");
        assertThat(conflict.status().get("details")).isEqualTo(json("""
                {"causes":[
                  {"reason":"FieldManagerConflict","message":"conflict with \\"alice\\"","field":".spec.image"},
                  {"reason":"FieldManagerConflict","message":"conflict with \\"kubectl-edit\\" using pipelines.kubeflow.org/v1beta1","field":".spec.replicas"}]}
                """));
    }

    @Test
    void settingAnotherManagersFieldToTheSameValueSharesItWithoutConflict() {
        ObjectNode live = applyAndStore(null, runConfiguration("image: img:1\n"), "alice", T1);

        ObjectNode result = fields.apply(live, runConfiguration("image: img:1\n"), "bob", false, null, V1BETA1, T2);

        assertThat(withoutManagedFields(result)).isEqualTo(withoutManagedFields(live));
        assertManagedFields(result, """
                [{"manager":"bob","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}},
                 {"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
    }

    @Test
    void forceTakesOwnershipFromTheOtherManager() {
        ObjectNode live = applyAndStore(null, runConfiguration("image: img:1\nreplicas: 2\n"), "alice", T1);

        ObjectNode result = fields.apply(live, runConfiguration("image: img:2\n"), "kfp-operator", true, null, V1BETA1, T2);

        assertThat(result.get("spec")).isEqualTo(json("{\"image\":\"img:2\",\"replicas\":2}"));
        assertManagedFields(result, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}},
                 {"manager":"kfp-operator","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
    }

    @Test
    void anUpdateAfterAnApplyMovesTheChangedFieldToTheUpdater() {
        ObjectNode live = applyAndStore(null, runConfiguration("image: img:1\nreplicas: 2\n"), "alice", T1);
        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.get("spec")).put("image", "img:2");

        fields.recordUpdate(live, edited, "kubectl-edit", null, V1BETA1, T2);

        assertManagedFields(edited, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}},
                 {"manager":"kubectl-edit","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
        assertThatThrownBy(() -> fields.apply(edited, runConfiguration("image: img:1\nreplicas: 2\n"), "alice", false, null, V1BETA1, T3))
                .isInstanceOf(ApplyConflictException.class)
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using pipelines.kubeflow.org/v1beta1: .spec.image");
    }

    @Test
    void anAtomicListIsReplacedWholeAndOwnedWhole() {
        ObjectNode live = applyAndStore(null, runConfiguration("""
                triggers:
                  schedules: [{cronExpression: "0 * * * *"}, {cronExpression: "30 * * * *"}]
                """), "alice", T1);
        assertManagedFields(live, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:triggers":{"f:schedules":{}}}}}]
                """);
        ObjectNode other = runConfiguration("""
                triggers:
                  schedules: [{cronExpression: "15 * * * *"}]
                """);

        assertThatThrownBy(() -> fields.apply(live, other, "bob", false, null, V1BETA1, T2))
                .hasMessage("Apply failed with 1 conflict: conflict with \"alice\": .spec.triggers.schedules");

        ObjectNode forced = fields.apply(live, other, "bob", true, null, V1BETA1, T2);
        assertThat(forced.at("/spec/triggers/schedules")).isEqualTo(Fixtures.JSON.valueToTree(
                java.util.List.of(java.util.Map.of("cronExpression", "15 * * * *"))));
        // alice owned nothing else, so her entry goes.
        assertManagedFields(forced, """
                [{"manager":"bob","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:triggers":{"f:schedules":{}}}}}]
                """);
    }

    @Test
    void aSetListMergesItemsOfDifferentManagers() {
        ObjectNode live = applyAndStore(null, runConfiguration("tags: [x, shared]\n"), "alice", T1);

        ObjectNode merged = fields.apply(live, runConfiguration("tags: [shared, y]\n"), "bob", false, null, V1BETA1, T2);
        assertThat(merged.at("/spec/tags")).isEqualTo(Fixtures.JSON.valueToTree(java.util.List.of("x", "shared", "y")));
        assertManagedFields(merged, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:tags":{"v:\\"shared\\"":{},"v:\\"x\\"":{}}}}},
                 {"manager":"bob","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:tags":{"v:\\"shared\\"":{},"v:\\"y\\"":{}}}}}]
                """);

        ObjectNode dropped = fields.apply(merged, runConfiguration("image: img:1\n"), "alice", false, null, V1BETA1, T3);
        assertThat(dropped.at("/spec/tags")).isEqualTo(Fixtures.JSON.valueToTree(java.util.List.of("shared", "y")));
    }

    @Test
    void aMapListMergesByKeyAndAnItemDroppedByItsApplierIsRemoved() {
        ObjectNode live = applyAndStore(null, runConfiguration("""
                env:
                - {name: a, value: "1"}
                - {name: b, value: "2"}
                """), "alice", T1);
        live = fields.apply(live, runConfiguration("""
                env:
                - {name: c, value: "3"}
                """), "bob", false, null, V1BETA1, T2);
        assertThat(live.at("/spec/env")).isEqualTo(json("""
                {"env":[{"name":"a","value":"1"},{"name":"b","value":"2"},{"name":"c","value":"3"}]}
                """).get("env"));

        ObjectNode result = fields.apply(live, runConfiguration("""
                env:
                - {name: a, value: "10"}
                """), "alice", false, null, V1BETA1, T3);

        assertThat(result.at("/spec/env")).isEqualTo(json("""
                {"env":[{"name":"a","value":"10"},{"name":"c","value":"3"}]}
                """).get("env"));
        assertManagedFields(result, """
                [{"manager":"bob","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:spec":{"f:env":{"k:{\\"name\\":\\"c\\"}":{".":{},"f:name":{},"f:value":{}}}}}},
                 {"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T12:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:spec":{"f:env":{"k:{\\"name\\":\\"a\\"}":{".":{},"f:name":{},"f:value":{}}}}}}]
                """);
    }

    @Test
    void aConflictInsideAMapListItemNamesTheItemByItsKey() {
        ObjectNode live = applyAndStore(null, runConfiguration("env: [{name: a, value: \"1\"}]\n"), "alice", T1);

        assertThatThrownBy(() -> fields.apply(live, runConfiguration("env: [{name: a, value: \"2\"}]\n"), "bob", false, null, V1BETA1, T2))
                .hasMessage("Apply failed with 1 conflict: conflict with \"alice\": .spec.env[name=\"a\"].value");
    }

    @Test
    void anAtomicMapIsOwnedWhole() {
        ObjectNode live = applyAndStore(null, runConfiguration("resources: {cpu: \"1\"}\n"), "alice", T1);
        assertManagedFields(live, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:resources":{}}}}]
                """);

        assertThatThrownBy(() -> fields.apply(live, runConfiguration("resources: {memory: 1Gi}\n"), "bob", false, null, V1BETA1, T2))
                .hasMessage("Apply failed with 1 conflict: conflict with \"alice\": .spec.resources");
    }

    @Test
    void anObjectNobodyTracksGivesItsFieldsToBeforeFirstApply() {
        ObjectNode untracked = stored(runConfiguration("image: img:1\nreplicas: 2\n"));

        ObjectNode shared = fields.apply(untracked, runConfiguration("image: img:1\n"), "alice", false, null, V1BETA1, T1);

        assertManagedFields(shared, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}},
                 {"manager":"before-first-apply","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{".":{},"f:image":{},"f:replicas":{}}}}]
                """);
        assertThatThrownBy(() -> fields.apply(untracked, runConfiguration("image: img:2\n"), "alice", false, null, V1BETA1, T1))
                .hasMessage("Apply failed with 1 conflict: conflict with \"before-first-apply\" using pipelines.kubeflow.org/v1beta1: .spec.image");
    }

    @Test
    void managedFieldsInTheApplyBodyAreABadRequestButNullIsIgnored() {
        ObjectNode config = runConfiguration("image: img:1\n");
        ((ObjectNode) config.get("metadata")).putArray("managedFields");

        ApplyException error = catchThrowableOfType(ApplyException.class,
                () -> fields.apply(null, config, "alice", false, null, V1BETA1, T1));

        assertThat(error.status()).isEqualTo(json("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"metadata.managedFields must be nil","reason":"BadRequest","code":400}
                """));
        ((ObjectNode) config.get("metadata")).putNull("managedFields");
        assertThat(fields.apply(null, config, "alice", false, null, V1BETA1, T1).at("/spec/image").asText()).isEqualTo("img:1");
    }

    @Test
    void aFieldTheSchemaDoesNotDeclareFailsAsKubeApiserverDoes() {
        ObjectNode config = runConfiguration("image: img:1\nimagePullPolicy: Always\n");

        ApplyException error = catchThrowableOfType(ApplyException.class,
                () -> fields.apply(null, config, "alice", false, null, V1BETA1, T1));

        assertThat(error.status()).isEqualTo(json("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"failed to create typed patch object (ns/rc; pipelines.kubeflow.org/v1beta1, Kind=RunConfiguration): .spec.imagePullPolicy: field not declared in schema",
                 "code":500}
                """));
    }

    @Test
    void duplicatedAndKeylessMapListItemsAreRejected() {
        assertThatThrownBy(() -> fields.apply(null, runConfiguration("env: [{name: a}, {name: a}]\n"), "alice", false, null, V1BETA1, T1))
                .hasMessageEndingWith(": .spec.env: duplicate entries for key [name=\"a\"]");
        assertThatThrownBy(() -> fields.apply(null, runConfiguration("env: [{value: \"1\"}]\n"), "alice", false, null, V1BETA1, T1))
                .hasMessageEndingWith(": .spec.env: element 0: associative list with keys has an element that omits all key fields"
                        + " [\"name\"] (and doesn't have default values for any key fields)");
    }

    @Test
    void anApplyWithoutFieldManagerIsInvalid() {
        ApplyException error = catchThrowableOfType(ApplyException.class,
                () -> fields.apply(null, runConfiguration("image: img:1\n"), "", false, null, V1BETA1, T1));

        assertThat(error.status()).isEqualTo(json("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"PatchOptions.meta.k8s.io \\"\\" is invalid: fieldManager: Required value: is required for apply patch",
                 "reason":"Invalid",
                 "details":{"group":"meta.k8s.io","kind":"PatchOptions",
                            "causes":[{"reason":"FieldValueRequired","message":"Required value: is required for apply patch","field":"fieldManager"}]},
                 "code":422}
                """));
    }

    @Test
    void aBodyOfAnotherVersionOrKindIsABadRequest() {
        ObjectNode config = runConfiguration("image: img:1\n");
        config.put("apiVersion", "pipelines.kubeflow.org/v1alpha5");

        assertThatThrownBy(() -> fields.apply(null, config, "alice", false, null, V1BETA1, T1))
                .isInstanceOf(ApplyException.class)
                .hasMessage("invalid object type: pipelines.kubeflow.org/v1alpha5, Kind=RunConfiguration");
    }

    @Test
    void anApplyThatOwnsNothingTrackableLeavesNoEntry() {
        ObjectNode live = applyAndStore(null, runConfiguration("image: img:1\n"), "alice", T1);
        ObjectNode nameOnly = runConfiguration("{}");
        nameOnly.remove("spec");

        ObjectNode result = fields.apply(live, nameOnly, "bob", false, null, V1BETA1, T2);

        assertThat(result).isEqualTo(live);
    }

    @Test
    void aManagerWhoAppliedWithAnotherVersionKeepsOneApplyEntry() {
        FieldManager twoVersions = new FieldManager(Fixtures.rules(), false, "RunConfiguration");
        ObjectNode live = applyAndStore(null, runConfiguration("image: img:1\n"), "alice", T1);
        ObjectNode config = runConfiguration("image: img:2\n");
        config.put("apiVersion", "pipelines.kubeflow.org/v1beta2");

        ObjectNode result = twoVersions.apply(live, config, "alice", false, null, "pipelines.kubeflow.org/v1beta2", T2);

        assertManagedFields(result, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta2",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
    }
}
