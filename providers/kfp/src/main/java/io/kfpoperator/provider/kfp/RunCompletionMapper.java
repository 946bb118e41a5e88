package io.kfpoperator.provider.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.spi.FinishedRun;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Maps a KFP v2beta1 Run to its run-completion event (docs/events.md), or to nothing while it runs. */
final class RunCompletionMapper {

    /** Terminal run states; CANCELED is reported as failed (as upstream treats Argo's Error), and as stopped. */
    static final Set<String> TERMINAL_STATES = Set.of("SUCCEEDED", "FAILED", "CANCELED");

    private final String provider;

    RunCompletionMapper(String provider) {
        this.provider = provider;
    }

    static boolean isTerminal(JsonNode run) {
        return TERMINAL_STATES.contains(run.path("state").asText(""));
    }

    /**
     * The event for {@code run}, if it finished and we know its names ({@code metadata} is read from
     * its runtime parameters; empty for runs the operator did not start).
     */
    Optional<FinishedRun> map(JsonNode run, Optional<OperatorMetadata> metadata) {
        if (!isTerminal(run) || metadata.isEmpty()) {
            return Optional.empty();
        }
        Optional<OffsetDateTime> finishedAt = timestamp(run.path("finished_at"));
        if (finishedAt.isEmpty()) {
            return Optional.empty();
        }
        OperatorMetadata names = metadata.get();
        RunCompletionStatus status = "SUCCEEDED".equals(run.path("state").asText())
                ? RunCompletionStatus.SUCCEEDED
                : RunCompletionStatus.FAILED;
        RunCompletionEventData event = new RunCompletionEventData(
                status,
                OperatorMetadata.eventName(names.pipeline()),
                OperatorMetadata.eventName(names.runConfiguration()),
                OperatorMetadata.eventName(names.run()),
                KfpAnswers.text(run, "run_id", "list runs", "a finished run"),
                timestamp(run.path("created_at")).orElse(null),
                finishedAt.get(),
                components(run.path("run_details").path("task_details")),
                provider,
                "CANCELED".equals(run.path("state").asText()) ? Boolean.TRUE : null);
        return Optional.of(new FinishedRun(finishedAt.get().toInstant(), event));
    }

    /**
     * Components with output artifacts as the API lists them. v2beta1 names artifacts by ML Metadata
     * id only, so the instance URI stays empty and the id is kept in the metadata; KfpPlatform
     * replaces these with what ML Metadata records when grpcMetadataStoreAddress is set.
     */
    private static List<PipelineComponent> components(JsonNode taskDetails) {
        List<PipelineComponent> components = new ArrayList<>();
        if (!taskDetails.isMissingNode() && !taskDetails.isNull() && !taskDetails.isArray()) {
            throw new KfpMalformedAnswerException("KFP list runs answered run_details.task_details as "
                    + KfpAnswers.describe(taskDetails) + ", not a list");
        }
        for (JsonNode task : taskDetails) {
            JsonNode outputs = task.path("outputs");
            if (!outputs.isObject() || outputs.isEmpty()) {
                continue;
            }
            List<ComponentArtifact> artifacts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> output : outputs.properties()) {
                List<ArtifactInstance> instances = new ArrayList<>();
                for (JsonNode id : output.getValue().path("artifact_ids")) {
                    if (!id.isTextual() && !id.isIntegralNumber()) {
                        throw new KfpMalformedAnswerException("KFP list runs answered an artifact_ids entry of output "
                                + output.getKey() + " that is " + KfpAnswers.describe(id) + ", not an id");
                    }
                    instances.add(new ArtifactInstance(null, Map.of("mlmdArtifactId", TextNode.valueOf(id.asText()))));
                }
                if (!instances.isEmpty()) {
                    artifacts.add(new ComponentArtifact(output.getKey(), instances));
                }
            }
            if (!artifacts.isEmpty()) {
                components.add(new PipelineComponent(task.path("display_name").asText(), artifacts));
            }
        }
        return components;
    }

    /** The same event with the components read elsewhere (ML Metadata) in place of the API's. */
    static FinishedRun withComponents(FinishedRun run, List<PipelineComponent> components) {
        RunCompletionEventData e = run.event();
        return new FinishedRun(run.finishedAt(), new RunCompletionEventData(e.status(), e.pipelineName(),
                e.runConfigurationName(), e.runName(), e.runId(), e.runStartTime(), e.runEndTime(), components,
                e.provider(), e.stopped()));
    }

    /** A timestamp field that is there but cannot be read as one (as opposed to unset). */
    static boolean isUnreadableTimestamp(JsonNode value) {
        if (value.isMissingNode() || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return false;
        }
        if (!value.isTextual()) {
            return true;
        }
        try {
            OffsetDateTime.parse(value.asText());
            return false;
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /** KFP reports unset timestamps as the epoch (or omits them). */
    static Optional<OffsetDateTime> timestamp(JsonNode value) {
        if (!value.isTextual() || value.asText().isBlank()) {
            return Optional.empty();
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(value.asText()).withOffsetSameInstant(ZoneOffset.UTC);
            return t.toInstant().equals(Instant.EPOCH) ? Optional.empty() : Optional.of(t);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
