package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.kfpoperator.apiserver.apply.Fixtures.T1;
import static io.kfpoperator.apiserver.apply.Fixtures.T2;
import static io.kfpoperator.apiserver.apply.Fixtures.T3;
import static io.kfpoperator.apiserver.apply.Fixtures.V1BETA1;
import static io.kfpoperator.apiserver.apply.Fixtures.json;
import static io.kfpoperator.apiserver.apply.Fixtures.managerWithStatus;
import static io.kfpoperator.apiserver.apply.Fixtures.runConfiguration;
import static io.kfpoperator.apiserver.apply.Fixtures.stored;
import static io.kfpoperator.apiserver.apply.Fixtures.yaml;
import static io.kfpoperator.apiserver.apply.ManagedFieldsAssert.assertManagedFields;
import static org.assertj.core.api.Assertions.assertThat;

class StatusSubresourceTest {

    private final FieldManager fields = managerWithStatus();

    private static ObjectNode statusConfig(String statusYaml) {
        return yaml("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: rc, namespace: ns}
                status:
                """ + statusYaml.indent(2));
    }

    private ObjectNode created() {
        ObjectNode config = runConfiguration("image: img:1\n");
        config.set("status", json("{\"phase\":\"Invented\"}"));
        return stored(fields.apply(null, config, "alice", false, null, V1BETA1, T1));
    }

    @Test
    void anApplyToTheMainResourceNeitherSetsNorOwnsStatus() {
        ObjectNode live = created();

        assertThat(live.has("status")).isFalse();
        assertManagedFields(live, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
    }

    @Test
    void anApplyToStatusChangesAndOwnsOnlyStatusUnderItsOwnEntry() {
        ObjectNode live = created();
        ObjectNode config = statusConfig("""
                phase: Running
                conditions: [{type: Ready, status: "True"}]
                """);
        config.set("spec", json("{\"image\":\"img:9\"}"));

        ObjectNode result = fields.apply(live, config, "kfp-operator", true, "status", V1BETA1, T2);

        assertThat(result.get("spec")).isEqualTo(live.get("spec"));
        assertThat(result.get("status")).isEqualTo(json("""
                {"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}
                """));
        assertManagedFields(result, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}},
                 {"manager":"kfp-operator","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:status":{"f:conditions":{"k:{\\"type\\":\\"Ready\\"}":{".":{},"f:status":{},"f:type":{}}},"f:phase":{}}},
                  "subresource":"status"}]
                """);
    }

    @Test
    void theMainResourceAndStatusDoNotConflictWithEachOther() {
        ObjectNode live = fields.apply(created(), statusConfig("phase: Running\n"), "kfp-operator", false, "status", V1BETA1, T2);
        ObjectNode mainWithStatus = runConfiguration("image: img:1\n");
        mainWithStatus.set("status", json("{\"phase\":\"Failed\"}"));

        ObjectNode result = fields.apply(live, mainWithStatus, "alice", false, null, V1BETA1, T3);

        assertThat(result.get("status")).isEqualTo(json("{\"phase\":\"Running\"}"));
        // Status was part of what differed from the stored object, so kube counts the apply as a change and
        // refreshes alice's time even though the registry then puts the stored status back.
        assertManagedFields(result, """
                [{"manager":"kfp-operator","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:phase":{}}},
                  "subresource":"status"},
                 {"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T12:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}}]
                """);
    }

    @Test
    void dropsOfStatusFieldsByTheirApplierRemoveThem() {
        ObjectNode live = fields.apply(created(), statusConfig("phase: Running\nconditions: [{type: Ready, status: \"True\"}]\n"),
                "kfp-operator", true, "status", V1BETA1, T2);

        ObjectNode result = fields.apply(live, statusConfig("phase: Succeeded\n"), "kfp-operator", true, "status", V1BETA1, T3);

        assertThat(result.get("status")).isEqualTo(json("{\"phase\":\"Succeeded\"}"));
    }

    @Test
    void anUpdateThroughStatusRecordsOnlyStatusAndIgnoresManagedFieldsInTheBody() {
        ObjectNode live = created();
        ObjectNode updated = live.deepCopy();
        updated.set("status", json("{\"phase\":\"Running\"}"));
        ((ObjectNode) updated.get("spec")).put("image", "img:2");
        ((ObjectNode) updated.get("metadata")).putArray("managedFields");

        fields.recordUpdate(live, updated, "kfp-operator", "status", V1BETA1, T2);

        assertManagedFields(updated, """
                [{"manager":"alice","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{}}}},
                 {"manager":"kfp-operator","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{".":{},"f:phase":{}}},
                  "subresource":"status"}]
                """);
    }
}
