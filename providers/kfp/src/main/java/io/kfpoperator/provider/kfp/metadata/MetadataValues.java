package io.kfpoperator.provider.kfp.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ml_metadata.MetadataStore.Value;

/**
 * ML Metadata property values as event metadata. Like the Go provider, only int, double, string
 * and struct values are carried; bool and proto values are left out.
 */
final class MetadataValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Doubles with no fraction up to this size are written as integers, as Go's JSON encoder writes a float64. */
    private static final double MAX_EXACT_INTEGER = 9007199254740992d; // 2^53

    private MetadataValues() {
    }

    /** The properties in key order (protobuf maps have none; a stable order keeps events comparable). */
    static Map<String, JsonNode> toMetadata(Map<String, Value> properties) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        new TreeMap<>(properties).forEach((key, value) -> toJson(value).ifPresent(json -> out.put(key, json)));
        return out;
    }

    static Optional<JsonNode> toJson(Value value) {
        return switch (value.getValueCase()) {
            case INT_VALUE -> Optional.of(NODES.numberNode(value.getIntValue()));
            case DOUBLE_VALUE -> number(value.getDoubleValue());
            case STRING_VALUE -> Optional.of(NODES.textNode(value.getStringValue()));
            case STRUCT_VALUE -> Optional.of(struct(value.getStructValue()));
            default -> Optional.empty();
        };
    }

    private static ObjectNode struct(Struct struct) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(struct.getFieldsMap()).forEach((key, value) -> node.set(key, value(value)));
        return node;
    }

    private static JsonNode value(com.google.protobuf.Value value) {
        return switch (value.getKindCase()) {
            case NUMBER_VALUE -> number(value.getNumberValue()).orElse(NODES.nullNode());
            case STRING_VALUE -> NODES.textNode(value.getStringValue());
            case BOOL_VALUE -> NODES.booleanNode(value.getBoolValue());
            case STRUCT_VALUE -> struct(value.getStructValue());
            case LIST_VALUE -> list(value.getListValue());
            default -> NODES.nullNode();
        };
    }

    private static ArrayNode list(ListValue list) {
        ArrayNode node = NODES.arrayNode();
        list.getValuesList().forEach(v -> node.add(value(v)));
        return node;
    }

    /** NaN and infinities have no JSON form; they are left out rather than break the event. */
    private static Optional<JsonNode> number(double d) {
        if (!Double.isFinite(d)) {
            return Optional.empty();
        }
        if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT_INTEGER) {
            return Optional.of(NODES.numberNode((long) d));
        }
        return Optional.of(NODES.numberNode(d));
    }
}
