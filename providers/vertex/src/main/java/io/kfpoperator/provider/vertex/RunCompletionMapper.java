package io.kfpoperator.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.aiplatform.v1.Artifact;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.PipelineTaskDetail;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.spi.FinishedRun;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Turns a finished Vertex pipeline job into a run-completion event (docs/events.md). */
final class RunCompletionMapper {

    static final Set<PipelineState> TERMINAL = Set.of(PipelineState.PIPELINE_STATE_SUCCEEDED,
            PipelineState.PIPELINE_STATE_FAILED, PipelineState.PIPELINE_STATE_CANCELLED);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String providerName;

    RunCompletionMapper(String providerName) {
        this.providerName = providerName;
    }

    /** Empty for a job that has not finished. */
    Optional<FinishedRun> map(PipelineJob job) {
        if (!TERMINAL.contains(job.getState())) {
            return Optional.empty();
        }
        Map<String, String> labels = job.getLabelsMap();
        String reading = "reading pipeline job " + job.getName();
        RunCompletionEventData event = new RunCompletionEventData(
                job.getState() == PipelineState.PIPELINE_STATE_SUCCEEDED ? RunCompletionStatus.SUCCEEDED
                        : RunCompletionStatus.FAILED,
                namespaced(labels, VertexLabels.PIPELINE_NAMESPACE, VertexLabels.PIPELINE_NAME),
                namespaced(labels, VertexLabels.RUN_CONFIGURATION_NAMESPACE, VertexLabels.RUN_CONFIGURATION_NAME),
                namespaced(labels, VertexLabels.RUN_NAMESPACE, VertexLabels.RUN_NAME),
                runId(job),
                time(job.hasStartTime() ? job.getStartTime() : null, "start_time", reading),
                time(job.hasEndTime() ? job.getEndTime() : null, "end_time", reading),
                components(job),
                providerName,
                job.getState() == PipelineState.PIPELINE_STATE_CANCELLED ? Boolean.TRUE : null);
        return Optional.of(new FinishedRun(finishedAt(job, reading), event));
    }

    /**
     * When the job finished: its end time, or its last update for jobs cancelled before they
     * started. A time no Timestamp can hold ends {@code operation} naming the field.
     */
    static Instant finishedAt(PipelineJob job, String operation) {
        return job.hasEndTime() ? VertexAnswers.instant(job.getEndTime(), "end_time", operation, "pipeline job " + job.getName())
                : VertexAnswers.instant(job.getUpdateTime(), "update_time", operation, "pipeline job " + job.getName());
    }

    /**
     * The id the operator knows the run by: for a Run it is what createRun returned
     * ({@code <namespace>-<name>}, with {@code -attempt-<n>} for a retry's attempt n); a job a
     * schedule started has only its own id.
     */
    static String runId(PipelineJob job) {
        Map<String, String> labels = job.getLabelsMap();
        String namespace = labels.getOrDefault(VertexLabels.RUN_NAMESPACE, "");
        String name = labels.getOrDefault(VertexLabels.RUN_NAME, "");
        if (!namespace.isEmpty() && !name.isEmpty()) {
            return VertexRequests.attemptId(namespace + "-" + name, labels.get(VertexRequests.RUN_ATTEMPT_LABEL));
        }
        String jobName = job.getName();
        return jobName.substring(jobName.lastIndexOf('/') + 1);
    }

    private static String namespaced(Map<String, String> labels, String namespaceKey, String nameKey) {
        String name = labels.getOrDefault(nameKey, "");
        if (name.isEmpty()) {
            return null;
        }
        return labels.getOrDefault(namespaceKey, "") + "/" + name;
    }

    private static OffsetDateTime time(Timestamp t, String field, String operation) {
        return t == null ? null : VertexAnswers.instant(t, field, operation, "the pipeline job").atOffset(ZoneOffset.UTC);
    }

    private static List<PipelineComponent> components(PipelineJob job) {
        List<PipelineComponent> components = new ArrayList<>();
        // Every task, with or without outputs, as upstream reports them.
        for (PipelineTaskDetail task : job.getJobDetail().getTaskDetailsList()) {
            List<ComponentArtifact> outputs = new ArrayList<>();
            // Sorted so the same job always produces the same event body.
            new TreeMap<>(task.getOutputsMap()).forEach((outputName, list) -> {
                List<ArtifactInstance> instances = new ArrayList<>();
                for (Artifact artifact : list.getArtifactsList()) {
                    instances.add(new ArtifactInstance(artifact.getUri(), metadata(artifact)));
                }
                outputs.add(new ComponentArtifact(outputName, instances));
            });
            components.add(new PipelineComponent(task.getTaskName(), outputs));
        }
        return components;
    }

    private static Map<String, JsonNode> metadata(Artifact artifact) {
        Map<String, JsonNode> metadata = new LinkedHashMap<>();
        if (!artifact.hasMetadata()) {
            return metadata;
        }
        try {
            JsonNode node = JSON.readTree(JsonFormat.printer().print(artifact.getMetadata()));
            node.properties().forEach(e -> metadata.put(e.getKey(), e.getValue()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a Struct always prints as JSON", e);
        } catch (IOException e) {
            throw new IllegalStateException("JsonFormat prints valid JSON", e);
        }
        return metadata;
    }
}
