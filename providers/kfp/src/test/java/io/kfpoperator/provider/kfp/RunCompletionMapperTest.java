package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.kfp.KfpNames.NamespacedName;
import io.kfpoperator.provider.spi.FinishedRun;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunCompletionMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OperatorMetadata NAMES = new OperatorMetadata(NamespacedName.parse("ns/pipeline"), "v1",
            NamespacedName.parse("ns/rc"), NamespacedName.parse("ns/run"), Optional.empty());
    private final RunCompletionMapper mapper = new RunCompletionMapper("ns/provider");

    private static JsonNode run(String state, String finishedAt) throws Exception {
        return JSON.readTree("""
                {"run_id": "r-1", "display_name": "ns/run", "state": "%s",
                 "created_at": "2026-01-01T10:00:00Z", "finished_at": "%s",
                 "run_details": {"task_details": [
                   {"display_name": "trainer", "outputs": {"model": {"artifact_ids": ["7"]}}},
                   {"display_name": "root", "outputs": {}}]}}
                """.formatted(state, finishedAt));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"SUCCEEDED, SUCCEEDED, false", "FAILED, FAILED, false", "CANCELED, FAILED, true"})
    void terminalStatesBecomeEvents(String state, RunCompletionStatus status, boolean stopped) throws Exception {
        Optional<FinishedRun> finished = mapper.map(run(state, "2026-01-01T10:05:00Z"), Optional.of(NAMES));

        assertThat(finished).hasValueSatisfying(f -> {
            assertThat(f.finishedAt()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
            assertThat(f.event().status()).isEqualTo(status);
            assertThat(f.event().wasStopped()).isEqualTo(stopped);
            assertThat(f.event().runId()).isEqualTo("r-1");
            assertThat(f.event().provider()).isEqualTo("ns/provider");
            assertThat(f.event().runStartTime().toInstant()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
            assertThat(f.event().pipelineComponents()).singleElement()
                    .satisfies(c -> assertThat(c.name()).isEqualTo("trainer"));
            assertThat(f.event().eventId()).isEqualTo("ns/provider/r-1/" + status.wireName());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"PENDING", "RUNNING", "CANCELING", "PAUSED", "RUNTIME_STATE_UNSPECIFIED"})
    void unfinishedRunsGiveNoEvent(String state) throws Exception {
        assertThat(mapper.map(run(state, "1970-01-01T00:00:00Z"), Optional.of(NAMES))).isEmpty();
    }

    @Test
    void runsWithoutOurNamesGiveNoEvent() throws Exception {
        assertThat(mapper.map(run("SUCCEEDED", "2026-01-01T10:05:00Z"), Optional.empty())).isEmpty();
    }

    @Test
    void metadataSurvivesTheRuntimeParameterRoundTripAndForeignRunsAreIgnored() throws Exception {
        Map<String, String> parameters = NAMES.toParameters(NamespacedName.parse("ns/provider"));

        assertThat(parameters).containsEntry("pipeline-name", "pipeline").containsEntry("pipeline-namespace", "ns")
                .containsEntry("runconfiguration-name", "rc").containsEntry("run-namespace", "ns")
                .containsEntry("provider-name", "provider").containsEntry("provider-namespace", "ns")
                .doesNotContainKey("trigger-type");
        assertThat(OperatorMetadata.fromParameters(JSON.valueToTree(parameters))).contains(NAMES);
        assertThat(OperatorMetadata.fromParameters(JSON.readTree("{\"text\": \"by hand\"}"))).isEmpty();
        assertThat(OperatorMetadata.fromParameters(JSON.readTree("[]"))).isEmpty();
    }

    @Test
    void eventNamesAreNamespaceSlashNameAndEmptyNamesAreLeftOut() {
        assertThat(OperatorMetadata.eventName(NamespacedName.parse("ns/rc"))).isEqualTo("ns/rc");
        assertThat(OperatorMetadata.eventName(new NamespacedName("", "rc"))).isEqualTo("rc");
        assertThat(OperatorMetadata.eventName(new NamespacedName("", ""))).isNull();
        assertThat(KfpNames.kfpName("ns/pipeline")).isEqualTo("ns-pipeline");
        assertThat(KfpNames.kfpName("Default")).isEqualTo("Default");
    }
}
