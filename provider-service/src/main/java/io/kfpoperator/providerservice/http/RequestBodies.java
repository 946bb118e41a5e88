package io.kfpoperator.providerservice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
 * when the body is malformed, a required field is missing, or a field has the wrong shape.
 * Bodies are JSON, or YAML when the Content-Type says so: the Argo WorkflowTemplates of the
 * {@code kfp-provider-workflows} chart send YAML, with the compiled pipeline as a string.
 */
final class RequestBodies {

    /** Media types (parameters such as charset ignored) whose bodies are read as YAML. */
    static final List<String> YAML_MEDIA_TYPES = List.of("application/yaml", "application/x-yaml", "text/yaml");

    /**
     * Reads YAML into the same trees and types as {@link Json#MAPPER}, so both formats bind alike.
     * SnakeYAML's own 3 MB document limit is lifted: the body size is already bounded by the
     * server's maxBodyBytes, and compiled pipelines can be large.
     */
    private static final ObjectMapper YAML = Json.MAPPER.copyWith(YAMLFactory.builder()
            .loaderOptions(unlimitedDocuments())
            // An empty value ("env:") is null, as YAML and Go's readers have it and new YAMLFactory() reads it; the builder
            // alone reads "", which made an empty optional list or object "the wrong type".
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build());

    private static org.yaml.snakeyaml.LoaderOptions unlimitedDocuments() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        return options;
    }

    /** Fields without which no platform can act; checked before the platform is called. */
    static final Map<ResourceType, List<String>> REQUIRED = Map.of(
            ResourceType.PIPELINE, List.of("pipelineDefinition", "pipelineDefinition.name", "pipelineDefinition.version"),
            ResourceType.EXPERIMENT, List.of("name", "version"),
            ResourceType.RUN_SCHEDULE, List.of("name", "version", "pipelineName", "pipelineVersion", "schedule",
                    "schedule.cronExpression"),
            ResourceType.RUN, List.of("name", "version", "pipelineName", "pipelineVersion"));

    private RequestBodies() {
    }

    /** The body format a Content-Type header selects: YAML for the YAML media types, JSON otherwise (also when absent). */
    static boolean isYaml(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return YAML_MEDIA_TYPES.contains(mediaType);
    }

    static Object parse(ResourceType type, byte[] body) {
        return parse(type, body, false);
    }

    static Object parse(ResourceType type, byte[] body, boolean yaml) {
        JsonNode tree = readTree(body, yaml);
        if (type == ResourceType.PIPELINE) {
            inlineCompiledPipeline((ObjectNode) tree);
        }
        for (String field : REQUIRED.get(type)) {
            requirePresent(tree, field);
        }
        noNullEntries(tree, "");
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
            // Jackson's message names Java types and parser tokens; say what the field takes instead.
            String why = e instanceof InvalidFormatException invalid ? " '" + invalid.getValue() + "' is not valid" + expected(invalid.getTargetType())
                    : e instanceof MismatchedInputException mismatched ? " has the wrong type" + expected(mismatched.getTargetType())
                    : " has the wrong type: " + e.getOriginalMessage().lines().findFirst().orElse("");
            throw new BadRequestException(400, (path.isEmpty() ? "request body" : path) + why);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "request body is not a valid " + type.pathSegment() + " definition: "
                    + e.getOriginalMessage());
        }
    }

    /** "; expected ..." in the contract's words (docs/provider-service.md), for the type a field binds to. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (type == String.class) {
            return "; expected a string";
        }
        if (type == java.time.OffsetDateTime.class) {
            return "; expected an RFC 3339 time";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "; expected a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "; expected a list";
        }
        return "; expected an object";
    }

    private static JsonNode readTree(byte[] body, boolean yaml) {
        String format = yaml ? "YAML" : "JSON";
        if (body.length == 0) {
            throw new BadRequestException(400, "request body is empty; a " + format + " definition is required");
        }
        JsonNode tree;
        try {
            tree = (yaml ? YAML : Json.MAPPER).readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "request body is not valid " + format + ": " + e.getOriginalMessage()
                    + location(e));
        } catch (IOException e) {
            throw new BadRequestException(400, "request body could not be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new BadRequestException(400, "request body must be a " + format + " object");
        }
        return tree;
    }

    /**
     * The Argo templates send the compiler's output as text (YAML or JSON) inside the body; the
     * platform gets it as a tree, the same as when the operator sends it inline.
     */
    private static void inlineCompiledPipeline(ObjectNode tree) {
        JsonNode compiled = tree.get("compiledPipeline");
        if (compiled == null || !compiled.isTextual()) {
            return;
        }
        JsonNode parsed;
        try {
            // YAML is a superset of JSON, so one parser reads what either kind of compiler wrote.
            parsed = YAML.readTree(compiled.asText());
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "compiledPipeline is not valid YAML or JSON: " + e.getOriginalMessage()
                    + location(e));
        }
        if (parsed == null || !parsed.isObject()) {
            throw new BadRequestException(400, "compiledPipeline must be a YAML or JSON object (a compiled pipeline), got "
                    + (parsed == null || parsed.isMissingNode() ? "nothing" : parsed.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        tree.set("compiledPipeline", parsed);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /**
     * A list item or a parameter written as null: the contract's lists and maps hold values, and a platform
     * copying them would fail (a 500) instead of the sender learning which one. The compiled pipeline and the
     * framework's parameters are free-form and passed on as written.
     */
    private static void noNullEntries(JsonNode node, String path) {
        if (path.equals("compiledPipeline") || path.equals("pipelineDefinition.framework.parameters")) {
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNull()) {
                    throw new BadRequestException(400, path + "[" + i + "] is null; remove it or give it a value");
                }
                noNullEntries(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isNull() && path.equals("parameters")) {
                    throw new BadRequestException(400, key + " is null; a parameter needs a value (\"\" for none)");
                }
                noNullEntries(field.getValue(), key);
            }
        }
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
