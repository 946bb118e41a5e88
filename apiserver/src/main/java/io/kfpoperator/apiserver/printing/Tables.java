package io.kfpoperator.apiserver.printing;

import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side printing: {@code meta.k8s.io/v1 Table} answers, which is how `kubectl get` shows a
 * CRD's printer columns (a plain list only prints NAME and AGE). Columns are Name plus the CRD's
 * additionalPrinterColumns, or Name and Age for kinds without any, as the real server does.
 */
public final class Tables {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Tables() {
    }

    /** Whether an Accept header asks for a Table (kubectl get sends {@code application/json;as=Table;v=v1;g=meta.k8s.io,...}). */
    public static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /**
     * A Table of {@code objects}; {@code includeObject} is the request's parameter
     * ({@code None}, {@code Object}, default {@code PartialObjectMetadata}).
     */
    public static ObjectNode table(ResourceType type, List<JsonNode> objects, String resourceVersion, String includeObject,
            boolean withColumns, Instant now) {
        ObjectNode table = JSON.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        List<Column> columns = columns(type);
        ArrayNode definitions = table.putArray("columnDefinitions");
        if (withColumns) {
            for (Column column : columns) {
                definitions.addObject().put("name", column.name()).put("type", column.type()).put("format", column.format())
                        .put("description", column.description()).put("priority", column.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column column : columns) {
                cells.add(cell(column, object, now));
            }
            if ("Object".equals(includeObject)) {
                row.set("object", object);
            } else if (!"None".equals(includeObject)) {
                ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", object.path("metadata").deepCopy());
            }
        }
        return table;
    }

    private record Column(String name, String type, String format, String description, int priority, JsonPath path) {
    }

    /** ObjectMeta's description of name (metav1.ObjectMeta{}.SwaggerDoc()["name"]), which describes the Name column. */
    private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating resources, although "
            + "some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily "
            + "intended for creation idempotence and configuration definition. Cannot be updated. More info: "
            + "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    private static List<Column> columns(ResourceType type) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", "name", NAME_DESCRIPTION, 0, JsonPath.parse(".metadata.name")));
        if (type.printerColumns().isEmpty()) {
            columns.add(new Column("Age", "date", "", "When the object was created.", 0, JsonPath.parse(".metadata.creationTimestamp")));
        }
        for (ResourceType.PrinterColumn column : type.printerColumns()) {
            // The CRD table convertor describes a column that has no description by its JSONPath.
            String description = type.custom() && column.description().isEmpty()
                    ? "Custom resource definition column (in JSONPath format): " + column.jsonPath() : column.description();
            columns.add(new Column(column.name(), column.type(), column.format(), description, column.priority(),
                    JsonPath.parse(column.jsonPath())));
        }
        return columns;
    }

    private static JsonNode cell(Column column, JsonNode object, Instant now) {
        List<JsonNode> values = column.path().evaluate(object);
        if (values.isEmpty()) {
            return JSON.nullNode();
        }
        JsonNode value = values.get(0);
        if (values.size() > 1) {
            ArrayNode all = JSON.arrayNode();
            values.forEach(all::add);
            value = all;
        }
        if ("date".equals(column.type()) && value.isTextual()) {
            try {
                return JSON.textNode(humanDuration(Duration.between(Instant.parse(value.asText()), now)));
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }

    /** Ages as kubectl shows them everywhere ("45s", "3m12s", "5h", "2d3h"). */
    public static String humanDuration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long d = (hours / 24) % 365;
            return d == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + d + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
