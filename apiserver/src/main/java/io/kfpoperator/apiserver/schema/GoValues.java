package io.kfpoperator.apiserver.schema;

import io.kfpoperator.apiserver.golang.GoText;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Comparisons of JSON values as Go compares the unstructured values kube-apiserver decodes them
 * into (int64 for integers, float64 for other numbers): reflect.DeepEqual, and kube-openapi's
 * enum match, which first converts the value to the Go type of the enum member.
 */
final class GoValues {

    private GoValues() {
    }

    private enum GoType { NIL, BOOL, STRING, INT64, FLOAT64, SLICE, MAP }

    private static GoType type(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return GoType.NIL;
        }
        if (v.isBoolean()) {
            return GoType.BOOL;
        }
        if (v.isNumber()) {
            return GoText.isInt64(v) ? GoType.INT64 : GoType.FLOAT64;
        }
        if (v.isArray()) {
            return GoType.SLICE;
        }
        if (v.isObject()) {
            return GoType.MAP;
        }
        return GoType.STRING;
    }

    /** reflect.DeepEqual of the decoded values: an int64 never equals a float64. */
    static boolean deepEqual(JsonNode a, JsonNode b) {
        GoType ta = type(a);
        if (ta != type(b)) {
            return false;
        }
        switch (ta) {
            case NIL:
                return true;
            case BOOL:
                return a.booleanValue() == b.booleanValue();
            case STRING:
                return a.asText().equals(b.asText());
            case INT64:
                return a.longValue() == b.longValue();
            case FLOAT64:
                return a.doubleValue() == b.doubleValue();
            case SLICE:
                if (a.size() != b.size()) {
                    return false;
                }
                for (int i = 0; i < a.size(); i++) {
                    if (!deepEqual(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            default:
                if (a.size() != b.size()) {
                    return false;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = a.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonNode other = b.get(field.getKey());
                    if (other == null || !deepEqual(field.getValue(), other)) {
                        return false;
                    }
                }
                return true;
        }
    }

    /**
     * kube-openapi's enum check for one member: the value, converted to the member's Go type
     * where Go allows that conversion (numbers to numbers, truncating; an integer to a string
     * as the character it codes), deep-equals the member. Null never matches.
     */
    static boolean enumMatches(JsonNode data, JsonNode member) {
        GoType target = type(member);
        GoType source = type(data);
        if (target == GoType.NIL || source == GoType.NIL) {
            return false;
        }
        switch (target) {
            case INT64:
                if (source == GoType.INT64) {
                    return data.longValue() == member.longValue();
                }
                if (source == GoType.FLOAT64) {
                    return OpenApiValidator.goInt64(data.doubleValue()) == member.longValue();
                }
                return false;
            case FLOAT64:
                if (source == GoType.INT64 || source == GoType.FLOAT64) {
                    return (source == GoType.INT64 ? (double) data.longValue() : data.doubleValue()) == member.doubleValue();
                }
                return false;
            case STRING:
                if (source == GoType.STRING) {
                    return data.asText().equals(member.asText());
                }
                if (source == GoType.INT64) {
                    long code = data.longValue();
                    boolean valid = code >= 0 && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
                    String asString = valid ? new String(Character.toChars((int) code)) : "\uFFFD";
                    return asString.equals(member.asText());
                }
                return false;
            default:
                return source == target && deepEqual(data, member);
        }
    }
}
