package io.kfpoperator.provider.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.provider.spi.InvalidDefinitionException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compiled pipeline as the compiler wrote it, seen through its wrapper. The KFP SDK writes the
 * bare KFP IR (a {@code PipelineSpec}: pipelineInfo, root, schemaVersion, sdkVersion…); the TFX
 * compiler writes a Vertex {@code PipelineJob} with that IR under {@code pipelineSpec} and its own
 * {@code displayName}, {@code labels} and {@code runtimeConfig} beside it. The shape decides, not
 * the framework name: the IR has no {@code pipelineSpec} field, so a document with one is wrapped.
 *
 * @param document      what the compiler wrote, unchanged
 * @param spec          the KFP IR: {@code document.pipelineSpec} when wrapped, else the document
 * @param wrapperLabels the wrapper's labels (values as text); empty for the bare IR
 */
public record CompiledPipeline(JsonNode document, JsonNode spec, Map<String, String> wrapperLabels) {

    public CompiledPipeline {
        wrapperLabels = Map.copyOf(wrapperLabels);
    }

    /** Reads the document; a {@code pipelineSpec} that is not an object is a clear error, not a guess. */
    public static CompiledPipeline of(JsonNode document) {
        if (document == null || !document.isObject() || !document.has("pipelineSpec")) {
            return new CompiledPipeline(document, document, Map.of());
        }
        JsonNode spec = document.get("pipelineSpec");
        if (!spec.isObject()) {
            throw new InvalidDefinitionException("compiledPipeline.pipelineSpec must be an object (the KFP pipeline spec"
                    + " inside a PipelineJob), was " + spec.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        // Labels that are not an object are ignored, as the Go providers do: they only add to ours.
        document.path("labels").fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                labels.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
        });
        return new CompiledPipeline(document, spec, labels);
    }

    /** True when the compiler wrapped the IR in a PipelineJob (TFX). */
    public boolean wrapped() {
        return document != spec;
    }

    /** {@code schemaVersion} of the IR, wherever the wrapper put it; empty when absent. */
    public String schemaVersion() {
        return text(spec, "schemaVersion");
    }

    /** {@code sdkVersion} of the IR; empty when absent. */
    public String sdkVersion() {
        return text(spec, "sdkVersion");
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return "";
        }
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : "";
    }
}
