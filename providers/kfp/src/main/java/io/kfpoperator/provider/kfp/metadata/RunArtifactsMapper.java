package io.kfpoperator.provider.kfp.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml_metadata.MetadataStore.Artifact;
import ml_metadata.MetadataStore.Event;
import ml_metadata.MetadataStore.Execution;
import ml_metadata.MetadataStore.Value;

/**
 * What ML Metadata holds about one run, turned into the event's pipeline components with the
 * rules of the Go provider (provider-service/kfp/internal/client/metadata_store.go):
 * <ul>
 *   <li>one component per execution of the run that has a {@code display_name} custom property
 *       (KFP's task name), in the order the store lists the executions;</li>
 *   <li>only OUTPUT events count (not INPUT, DECLARED_OUTPUT, PENDING_OUTPUT…), in the store's order; a
 *       cached task's OUTPUT event points at the artifact an earlier run produced, and that counts too;</li>
 *   <li>each such event is one component artifact named by the artifact's {@code display_name}
 *       custom property (KFP sets it to the output name), with a single instance: the artifact's
 *       {@code uri} and its {@code properties} (not its custom properties) as metadata;</li>
 *   <li>events without an artifact id, artifacts the store does not return and artifacts without
 *       {@code display_name} are left out, and so are components left with no artifact.</li>
 * </ul>
 * Ours in addition: the instance metadata keeps the ML Metadata artifact id as {@code mlmdArtifactId}
 * (a string, as before this reader existed) unless a property of that name exists.
 */
final class RunArtifactsMapper {

    static final String DISPLAY_NAME = "display_name";
    static final String MLMD_ARTIFACT_ID = "mlmdArtifactId";

    private RunArtifactsMapper() {
    }

    static List<Long> outputArtifactIds(List<Event> events) {
        return events.stream().filter(RunArtifactsMapper::isOutput).filter(Event::hasArtifactId)
                .map(Event::getArtifactId).distinct().toList();
    }

    static List<PipelineComponent> components(List<Execution> executions, List<Event> events,
            List<Artifact> artifacts) {
        Map<Long, List<Event>> outputsByExecution = new LinkedHashMap<>();
        for (Event event : events) {
            if (isOutput(event)) {
                outputsByExecution.computeIfAbsent(event.getExecutionId(), id -> new ArrayList<>()).add(event);
            }
        }
        Map<Long, Artifact> artifactsById = new LinkedHashMap<>();
        artifacts.forEach(a -> artifactsById.put(a.getId(), a));

        List<PipelineComponent> components = new ArrayList<>();
        for (Execution execution : executions) {
            Value name = execution.getCustomPropertiesMap().get(DISPLAY_NAME);
            if (name == null) {
                continue;
            }
            List<ComponentArtifact> outputs = new ArrayList<>();
            for (Event event : outputsByExecution.getOrDefault(execution.getId(), List.of())) {
                Artifact artifact = event.hasArtifactId() ? artifactsById.get(event.getArtifactId()) : null;
                Value artifactName = artifact == null ? null : artifact.getCustomPropertiesMap().get(DISPLAY_NAME);
                if (artifactName == null) {
                    continue;
                }
                outputs.add(new ComponentArtifact(artifactName.getStringValue(),
                        List.of(new ArtifactInstance(artifact.getUri(), metadata(artifact)))));
            }
            if (!outputs.isEmpty()) {
                components.add(new PipelineComponent(name.getStringValue(), List.copyOf(outputs)));
            }
        }
        return List.copyOf(components);
    }

    private static Map<String, JsonNode> metadata(Artifact artifact) {
        Map<String, JsonNode> metadata = MetadataValues.toMetadata(artifact.getPropertiesMap());
        metadata.putIfAbsent(MLMD_ARTIFACT_ID, TextNode.valueOf(Long.toString(artifact.getId())));
        return Collections.unmodifiableMap(metadata);
    }

    private static boolean isOutput(Event event) {
        return event.getType() == Event.Type.OUTPUT;
    }
}
