package io.kfpoperator.controller.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Comparing what we want with what the API server holds. The server fills in defaults we never
 * set (strategy, dnsPolicy, clusterIP, …), so equality is "every field we set has our value"
 * (Kubernetes' {@code equality.Semantic.DeepDerivative}), not plain equality.
 */
final class Semantics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Semantics() {
    }

    /** Whether every field set in {@code desired} has the same value in {@code actual}. */
    static boolean isDerivative(Object desired, Object actual) {
        return isDerivative(JSON.valueToTree(desired), JSON.valueToTree(actual));
    }

    static boolean isDerivative(JsonNode desired, JsonNode actual) {
        if (unset(desired)) {
            return true;
        }
        if (actual == null || actual.isNull() || actual.isMissingNode()) {
            return false;
        }
        if (desired.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!isDerivative(field.getValue(), actual.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!actual.isArray() || actual.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!isDerivative(desired.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isNumber() && actual.isNumber()) {
            return desired.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return desired.equals(actual);
    }

    /** Like Go's zero values in DeepDerivative: absent, null, empty containers and empty strings mean "not set by us". */
    private static boolean unset(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode()
                || (node.isContainerNode() && node.isEmpty())
                || (node.isTextual() && node.textValue().isEmpty());
    }

    /** A short, stable hash of the given values' JSON (object keys sorted, so field order does not matter). */
    static String hash(Object... values) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        for (Object value : values) {
            all.add(canonical(JSON.valueToTree(value)));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(all.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(String::compareTo);
            for (String name : names) {
                sorted.set(name, canonical(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        return node;
    }
}
