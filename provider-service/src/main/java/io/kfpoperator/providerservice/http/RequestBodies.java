package io.kfpoperator.providerservice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.PipelineRequest;
import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.providerservice.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns request bodies into contract types, answering 400 with a message that names the field
 * when the JSON is malformed, a required field is missing, or a field has the wrong shape.
 */
final class RequestBodies {

    /** Fields without which no platform can act; checked before the platform is called. */
    static final Map<ResourceType, List<String>> REQUIRED = Map.of(
            ResourceType.PIPELINE, List.of("pipelineDefinition", "pipelineDefinition.name", "pipelineDefinition.version"),
            ResourceType.EXPERIMENT, List.of("name", "version"),
            ResourceType.RUN_SCHEDULE, List.of("name", "version", "pipelineName", "pipelineVersion", "schedule",
                    "schedule.cronExpression"),
            ResourceType.RUN, List.of("name", "version", "pipelineName", "pipelineVersion"));

    private RequestBodies() {
    }

    static Object parse(ResourceType type, byte[] body) {
        JsonNode tree = readTree(body);
        for (String field : REQUIRED.get(type)) {
            requirePresent(tree, field);
        }
        Class<?> target = switch (type) {
            case PIPELINE -> PipelineRequest.class;
            case EXPERIMENT -> ExperimentDefinition.class;
            case RUN_SCHEDULE -> RunScheduleDefinition.class;
            case RUN -> RunDefinition.class;
        };
        try {
            return Json.MAPPER.treeToValue(tree, target);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new BadRequestException(400, (path.isEmpty() ? "request body" : path) + " has the wrong type: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "request body is not a valid " + type.pathSegment() + " definition: "
                    + e.getOriginalMessage());
        }
    }

    private static JsonNode readTree(byte[] body) {
        if (body.length == 0) {
            throw new BadRequestException(400, "request body is empty; a JSON definition is required");
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new BadRequestException(400, "request body could not be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new BadRequestException(400, "request body must be a JSON object");
        }
        return tree;
    }

    private static void requirePresent(JsonNode tree, String dottedPath) {
        JsonNode node = tree;
        for (String part : dottedPath.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw new BadRequestException(400, dottedPath + " is required");
        }
    }
}
