package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.kfpoperator.apiserver.apply.Fixtures.T1;
import static io.kfpoperator.apiserver.apply.Fixtures.T2;
import static io.kfpoperator.apiserver.apply.Fixtures.T3;
import static io.kfpoperator.apiserver.apply.Fixtures.V1BETA1;
import static io.kfpoperator.apiserver.apply.Fixtures.manager;
import static io.kfpoperator.apiserver.apply.Fixtures.runConfiguration;
import static io.kfpoperator.apiserver.apply.Fixtures.stored;
import static io.kfpoperator.apiserver.apply.ManagedFieldsAssert.assertManagedFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code kubectl apply} (client-side: a create or patch recorded as an {@code Update} by
 * {@code kubectl-client-side-apply}, with the last-applied annotation) followed by
 * {@code kubectl apply --server-side} (manager {@code kubectl}).
 */
class ClientSideApplyUpgradeTest {

    private static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    private final FieldManager fields = manager();

    /** What {@code kubectl apply} creates: the configuration plus its annotation, recorded as an update. */
    private ObjectNode clientSideApplied(ObjectNode config, boolean keepAnnotation) {
        ObjectNode body = config.deepCopy();
        if (keepAnnotation) {
            ((ObjectNode) body.get("metadata")).putObject("annotations").put(ANNOTATION, LastApplied.build(config));
        }
        fields.recordUpdate(null, body, "kubectl-client-side-apply", null, V1BETA1, T1);
        return stored(body);
    }

    @Test
    void clientSideApplyIsRecordedAsAnUpdateOwningWhatItCreated() {
        ObjectNode live = clientSideApplied(runConfiguration("image: img:1\nreplicas: 2\n"), true);

        assertThat(live.at("/metadata/annotations").get(ANNOTATION).asText()).isEqualTo(
                "{\"apiVersion\":\"pipelines.kubeflow.org/v1beta1\",\"kind\":\"RunConfiguration\","
                        + "\"metadata\":{\"name\":\"rc\",\"namespace\":\"ns\"},\"spec\":{\"image\":\"img:1\",\"replicas\":2}}\n");
        assertManagedFields(live, """
                [{"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},
                              "f:spec":{".":{},"f:image":{},"f:replicas":{}}}}]
                """);
    }

    @Test
    void serverSideApplyOfAChangedValueConflictsWithClientSideApplyWhenNoAnnotationVouchesForIt() {
        ObjectNode live = clientSideApplied(runConfiguration("image: img:1\nreplicas: 2\n"), false);

        ApplyConflictException conflict = catchThrowableOfType(ApplyConflictException.class,
                () -> fields.apply(live, runConfiguration("image: img:2\nreplicas: 2\n"), "kubectl", false, null, V1BETA1, T2));

        assertThat(conflict.getMessage()).isEqualTo(
                "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using pipelines.kubeflow.org/v1beta1: .spec.image");
        assertThat(conflict.status().at("/details/causes/0/message").asText())
                .isEqualTo("conflict with \"kubectl-client-side-apply\" using pipelines.kubeflow.org/v1beta1");
    }

    @Test
    void anotherManagerThanKubectlConflictsEvenWithTheAnnotation() {
        ObjectNode live = clientSideApplied(runConfiguration("image: img:1\nreplicas: 2\n"), true);

        assertThatThrownBy(() -> fields.apply(live, runConfiguration("image: img:2\n"), "my-manager", false, null, V1BETA1, T2))
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using pipelines.kubeflow.org/v1beta1: .spec.image");
    }

    @Test
    void kubectlTakesOverWhatTheUpToDateAnnotationRecordsAndRewritesTheAnnotation() {
        ObjectNode live = clientSideApplied(runConfiguration("image: img:1\nreplicas: 2\n"), true);
        ObjectNode config = runConfiguration("image: img:2\nreplicas: 2\n");

        ObjectNode result = fields.apply(live, config, "kubectl", false, null, V1BETA1, T2);

        assertThat(result.at("/spec/image").asText()).isEqualTo("img:2");
        assertThat(result.at("/metadata/annotations").get(ANNOTATION).asText()).isEqualTo(LastApplied.build(config));
        assertManagedFields(result, """
                [{"manager":"kubectl","operation":"Apply","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T11:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:image":{},"f:replicas":{}}}},
                 {"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"pipelines.kubeflow.org/v1beta1",
                  "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},
                              "f:spec":{".":{},"f:replicas":{}}}}]
                """);
    }

    @Test
    void fieldsChangedSinceTheClientSideApplyStillConflict() {
        ObjectNode live = clientSideApplied(runConfiguration("image: img:1\nreplicas: 2\n"), true);
        ObjectNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 5);
        fields.recordUpdate(live, scaled, "kubectl-scale", null, V1BETA1, T2);

        assertThatThrownBy(() -> fields.apply(scaled, runConfiguration("image: img:2\nreplicas: 3\n"), "kubectl", false, null, V1BETA1, T3))
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-scale\" using pipelines.kubeflow.org/v1beta1: .spec.replicas");
    }
}
