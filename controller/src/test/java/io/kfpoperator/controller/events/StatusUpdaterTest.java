package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.mergepatch.JsonMergePatch;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kfpoperator.api.v1beta1.Artifact;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The latestRuns write applied as a server that follows the RFCs applies it (kube-apiserver: RFC
 * 6902 and RFC 7386 for custom resources): whatever the RunConfiguration held, the result is
 * exactly the new run, and nothing else in the status changes.
 */
class StatusUpdaterTest {

    private static final String CONDITIONS = "\"conditions\": [{\"type\": \"Synchronized\", \"status\": \"True\", \"reason\": \"Succeeded\"}]";

    private static final RunReference RUN_5 = new RunReference().withProviderId("run-5")
            .withArtifacts(List.of(new Artifact().withName("greeting").withLocation("gs://greetings/run-5/greeting")));

    private static String stored(String status) {
        return """
                {"apiVersion": "pipelines.kubeflow.org/v1beta1", "kind": "RunConfiguration",
                 "metadata": {"name": "hourly", "namespace": "default", "resourceVersion": "12"}%s}
                """.formatted(status == null ? "" : ", \"status\": " + status);
    }

    /** Applies the write to {@code stored} as an RFC-conformant server would; returns the new status. */
    private static JsonNode written(String stored, RunReference succeeded) throws Exception {
        JsonNode object = EventJson.MAPPER.readTree(stored);
        StatusUpdater.Patch patch = StatusUpdater.recordSucceeded(Serialization.unmarshal(stored, RunConfiguration.class), succeeded);
        JsonNode result = patch.type().getPatchType() == PatchType.JSON
                ? JsonPatch.fromJson(patch.body()).apply(object)
                : JsonMergePatch.fromJson(patch.body()).apply(object);
        return result.path("status");
    }

    private static JsonNode tree(Object value) {
        return EventJson.MAPPER.valueToTree(value);
    }

    @Test
    void previousRunsArtifactsAreReplacedNotAppendedTo() throws Exception {
        String previous = stored("{" + CONDITIONS + ", \"latestRuns\": {\"succeeded\": {\"providerId\": \"run-4\", \"artifacts\": ["
                + "{\"name\": \"greeting\", \"location\": \"gs://greetings/run-3/greeting\"},"
                + "{\"name\": \"greeting\", \"location\": \"gs://greetings/run-4/greeting\"}]}}}");

        JsonNode status = written(previous, RUN_5);

        assertThat(status.path("latestRuns").path("succeeded")).isEqualTo(tree(RUN_5));
        assertThat(status.path("conditions")).isEqualTo(EventJson.MAPPER.readTree(previous).path("status").path("conditions"));
        assertThat(StatusUpdater.recordSucceeded(Serialization.unmarshal(previous, RunConfiguration.class), RUN_5).type().getPatchType())
                .as("a list is never sent in a merge patch over a list").isEqualTo(PatchType.JSON);
    }

    @Test
    void aRunWithoutArtifactsRemovesThePreviousRunsArtifacts() throws Exception {
        String previous = stored("{\"latestRuns\": {\"succeeded\": {\"providerId\": \"run-4\", \"artifacts\": ["
                + "{\"name\": \"greeting\", \"location\": \"gs://greetings/run-4/greeting\"}]}}}");

        JsonNode status = written(previous, new RunReference().withProviderId("run-5"));

        assertThat(status.path("latestRuns").path("succeeded")).isEqualTo(tree(new RunReference().withProviderId("run-5")));
    }

    @Test
    void firstSucceededRunOfAReconciledRunConfigurationCreatesLatestRunsBesideItsConditions() throws Exception {
        String reconciled = stored("{" + CONDITIONS + ", \"observedGeneration\": 1}");

        JsonNode status = written(reconciled, RUN_5);

        assertThat(status.path("latestRuns").path("succeeded")).isEqualTo(tree(RUN_5));
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(status.path("conditions")).hasSize(1);
    }

    @Test
    void firstSucceededRunOfARunConfigurationWithoutStatusCreatesIt() throws Exception {
        JsonNode status = written(stored(null), RUN_5);

        assertThat(status.path("latestRuns").path("succeeded")).isEqualTo(tree(RUN_5));
    }
}
