package io.kfpoperator.provider.kfp.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks HTTP exchanges against the real KFP v2beta1 Swagger 2.0 documents in
 * reference/kfp-v2beta1: the path and method exist, path parameters fill the template, query
 * parameters are declared (and {@code filter} is a valid Filter), JSON bodies validate against
 * the body schema and multipart uploads carry the declared file part. Swagger definitions become
 * JSON Schema with {@code additionalProperties: false} on every object that lists properties:
 * the documents are generated from protos and list every field, so an unknown (e.g. camelCase)
 * name is drift.
 */
public final class KfpApiSpecValidator {

    /** A request as it reached the server; query values are decoded. */
    public record ApiRequest(String method, String path, Map<String, List<String>> query, String contentType,
            byte[] body) {
    }

    private record Operation(String method, String template, Pattern pattern, List<String> pathParams,
            JsonNode spec) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final String DEFINITIONS = "#/definitions/";

    private final List<Operation> operations = new ArrayList<>();
    private final ObjectNode definitions;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private KfpApiSpecValidator(List<JsonNode> documents) {
        ObjectNode defs = JsonNodeFactory.instance.objectNode();
        for (JsonNode document : documents) {
            for (Map.Entry<String, JsonNode> def : document.path("definitions").properties()) {
                if (!defs.has(def.getKey())) {
                    defs.set(def.getKey(), toJsonSchema(def.getValue()));
                }
            }
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                    String method = op.getKey().toUpperCase(Locale.ROOT);
                    boolean known = operations.stream()
                            .anyMatch(o -> o.method.equals(method) && o.template.equals(path.getKey()));
                    if (!known) {
                        operations.add(operation(method, path.getKey(), op.getValue()));
                    }
                }
            }
        }
        this.definitions = defs;
        // Literal paths (…/pipelines/upload) win over templated ones (…/pipelines/{pipeline_id}).
        operations.sort(Comparator.comparingInt(o -> o.pathParams.size()));
    }

    /** The combined spec plus the upload spec, read from reference/kfp-v2beta1. */
    public static KfpApiSpecValidator load() {
        Path dir = ReferenceSpecs.kfpV2beta1();
        try {
            return new KfpApiSpecValidator(List.of(
                    MAPPER.readTree(dir.resolve("kfp_api_single_file.swagger.json").toFile()),
                    MAPPER.readTree(dir.resolve("pipeline.upload.swagger.json").toFile())));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read KFP swagger documents in " + dir, e);
        }
    }

    /** Everything wrong with the request; empty when it is one the real API server accepts. */
    public List<String> validateRequest(ApiRequest request) {
        List<String> problems = new ArrayList<>();
        String where = request.method() + " " + request.path();
        Optional<Match> match = match(request.method(), request.path(), problems);
        if (match.isEmpty()) {
            return problems;
        }
        Operation op = match.get().operation;
        JsonNode parameters = op.spec.path("parameters");
        for (Map.Entry<String, String> pathParam : match.get().pathValues.entrySet()) {
            if (pathParam.getValue().isBlank()) {
                problems.add(where + ": path parameter " + pathParam.getKey() + " is empty");
            }
        }
        for (Map.Entry<String, List<String>> q : request.query().entrySet()) {
            Optional<JsonNode> declared = parameter(parameters, q.getKey(), "query");
            if (declared.isEmpty()) {
                problems.add(where + ": query parameter '" + q.getKey() + "' is not declared for "
                        + op.spec.path("operationId").asText());
                continue;
            }
            for (String value : q.getValue()) {
                checkScalar(where, q.getKey(), declared.get().path("type").asText(), value, problems);
                if (q.getKey().equals("filter")) {
                    validateJson(where + " filter", schemaFor("v2beta1Filter"), value, problems);
                }
            }
        }
        for (JsonNode p : parameters) {
            if (p.path("in").asText().equals("query") && p.path("required").asBoolean()
                    && !request.query().containsKey(p.path("name").asText())) {
                problems.add(where + ": required query parameter '" + p.path("name").asText() + "' missing");
            }
        }
        Optional<JsonNode> bodyParam = parameterIn(parameters, "body");
        List<JsonNode> formParams = parametersIn(parameters, "formData");
        byte[] body = request.body() == null ? new byte[0] : request.body();
        String contentType = request.contentType() == null ? "" : request.contentType().toLowerCase(Locale.ROOT);
        if (bodyParam.isPresent()) {
            if (!contentType.startsWith("application/json")) {
                problems.add(where + ": body must be application/json, was '" + request.contentType() + "'");
            }
            JsonSchema schema = schemas.computeIfAbsent(op.method + " " + op.template + " body",
                    k -> compile(bodyParam.get().path("schema")));
            validateJson(where + " body", schema, new String(body, StandardCharsets.UTF_8), problems);
        } else if (!formParams.isEmpty()) {
            List<Multipart.Part> parts = Multipart.parse(request.contentType(), body);
            if (parts.isEmpty()) {
                problems.add(where + ": expected a multipart/form-data body, got '" + request.contentType() + "'");
            }
            for (Multipart.Part part : parts) {
                if (formParams.stream().noneMatch(f -> f.path("name").asText().equals(part.name()))) {
                    problems.add(where + ": form part '" + part.name() + "' is not declared");
                }
            }
            for (JsonNode form : formParams) {
                String name = form.path("name").asText();
                Optional<Multipart.Part> part = parts.stream().filter(p -> name.equals(p.name())).findFirst();
                if (part.isEmpty() && form.path("required").asBoolean()) {
                    problems.add(where + ": required form part '" + name + "' missing");
                } else if (part.isPresent() && form.path("type").asText().equals("file")
                        && (part.get().fileName() == null || part.get().content().length == 0)) {
                    problems.add(where + ": form part '" + name + "' must be a non-empty file with a filename");
                }
            }
        } else if (body.length > 0) {
            problems.add(where + ": " + op.spec.path("operationId").asText() + " takes no body, got "
                    + body.length + " bytes");
        }
        return problems;
    }

    /** Everything wrong with a response the fake server is about to send. */
    public List<String> validateResponse(String method, String path, int status, String body) {
        List<String> problems = new ArrayList<>();
        String where = method + " " + path + " -> " + status;
        Optional<Match> match = match(method, path, problems);
        if (match.isEmpty()) {
            return problems;
        }
        Operation op = match.get().operation;
        JsonNode responses = op.spec.path("responses");
        JsonNode response = responses.has(String.valueOf(status)) ? responses.get(String.valueOf(status))
                : responses.path("default");
        if (response.path("schema").isMissingNode()) {
            return problems;
        }
        String key = op.method + " " + op.template + " " + (responses.has(String.valueOf(status)) ? status : "default");
        validateJson(where, schemas.computeIfAbsent(key, k -> compile(response.path("schema"))), body, problems);
        return problems;
    }

    private record Match(Operation operation, Map<String, String> pathValues) {
    }

    private Optional<Match> match(String method, String path, List<String> problems) {
        boolean pathKnown = false;
        for (Operation op : operations) {
            Matcher m = op.pattern.matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (op.method.equals(method)) {
                Map<String, String> values = new java.util.LinkedHashMap<>();
                for (int i = 0; i < op.pathParams.size(); i++) {
                    values.put(op.pathParams.get(i), m.group(i + 1));
                }
                return Optional.of(new Match(op, values));
            }
        }
        problems.add(method + " " + path + (pathKnown ? ": method not in the KFP API for this path"
                : ": path not in the KFP API"));
        return Optional.empty();
    }

    private static Operation operation(String method, String template, JsonNode spec) {
        List<String> params = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAM.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/:]*)");
            params.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return new Operation(method, template, Pattern.compile(regex.toString()), params, spec);
    }

    private static Optional<JsonNode> parameter(JsonNode parameters, String name, String in) {
        for (JsonNode p : parameters) {
            if (p.path("name").asText().equals(name) && p.path("in").asText().equals(in)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> parameterIn(JsonNode parameters, String in) {
        return parametersIn(parameters, in).stream().findFirst();
    }

    private static List<JsonNode> parametersIn(JsonNode parameters, String in) {
        List<JsonNode> found = new ArrayList<>();
        parameters.forEach(p -> {
            if (p.path("in").asText().equals(in)) {
                found.add(p);
            }
        });
        return found;
    }

    private static void checkScalar(String where, String name, String type, String value, List<String> problems) {
        boolean ok = switch (type) {
            case "integer" -> value.matches("-?\\d+");
            case "boolean" -> value.equals("true") || value.equals("false");
            default -> true;
        };
        if (!ok) {
            problems.add(where + ": query parameter '" + name + "' must be " + type + ", was '" + value + "'");
        }
    }

    private JsonSchema schemaFor(String definition) {
        return schemas.computeIfAbsent(definition,
                k -> compile(JsonNodeFactory.instance.objectNode().put("$ref", DEFINITIONS + definition)));
    }

    private JsonSchema compile(JsonNode swaggerSchema) {
        ObjectNode schema = (ObjectNode) toJsonSchema(swaggerSchema);
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.set("definitions", definitions);
        return factory.getSchema(schema, config);
    }

    private static void validateJson(String where, JsonSchema schema, String text, List<String> problems) {
        JsonNode value;
        try {
            value = MAPPER.readTree(text);
        } catch (IOException e) {
            problems.add(where + ": not JSON: " + e.getMessage());
            return;
        }
        if (value == null) {
            problems.add(where + ": empty, expected JSON");
            return;
        }
        for (ValidationMessage message : schema.validate(value)) {
            problems.add(where + ": " + message.getMessage());
        }
    }

    /**
     * Swagger 2.0 schema → JSON Schema draft 7: closed objects, and proto3-JSON formats that
     * draft 7 does not know (int64 as string, byte) reduced to their JSON type.
     */
    private static JsonNode toJsonSchema(JsonNode swagger) {
        if (swagger.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            swagger.forEach(item -> copy.add(toJsonSchema(item)));
            return copy;
        }
        if (!swagger.isObject()) {
            return swagger;
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : swagger.properties()) {
            switch (field.getKey()) {
                case "properties" -> {
                    ObjectNode props = copy.putObject("properties");
                    field.getValue().properties().forEach(p -> props.set(p.getKey(), toJsonSchema(p.getValue())));
                }
                case "items", "additionalProperties" -> copy.set(field.getKey(), toJsonSchema(field.getValue()));
                case "format" -> {
                    if (field.getValue().asText().equals("date-time")) {
                        copy.set("format", field.getValue());
                    }
                }
                case "description", "title", "readOnly", "example" -> {
                    // annotations only
                }
                default -> copy.set(field.getKey(), field.getValue());
            }
        }
        if (copy.has("properties") && !copy.has("additionalProperties")) {
            copy.put("additionalProperties", false);
        }
        // An inline {"type":"object","properties":{}} (empty responses) admits only {}.
        return copy;
    }
}
