package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import io.kfpoperator.apiserver.golang.GoText;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Value semantics of structured-merge-diff on Jackson trees: equality and ordering the way
 * {@code value.Equals} and {@code value.Compare} define them (an integer equals the float of the same
 * number; scalars order numbers, strings, booleans, then lists, maps, null), and the text Go prints for
 * values: {@code value.ToString} in field paths, {@code encoding/json} in {@code k:}/{@code v:} keys and in
 * the last-applied annotation.
 *
 * <p>Absent is Java {@code null}; JSON null is a {@code NullNode}.
 */
final class Values {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    static boolean isScalar(JsonNode v) {
        return v != null && (v.isNumber() || v.isTextual() || v.isBoolean());
    }

    static boolean isNull(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    /** {@code value.Equals}. Both must be present. */
    static boolean equal(JsonNode lhs, JsonNode rhs) {
        if (lhs.isFloatingPointNumber() || rhs.isFloatingPointNumber()) {
            if (!lhs.isNumber() || !rhs.isNumber()) {
                return false;
            }
            return lhs.doubleValue() == rhs.doubleValue();
        }
        if (lhs.isIntegralNumber() || rhs.isIntegralNumber()) {
            return lhs.isIntegralNumber() && rhs.isIntegralNumber() && lhs.bigIntegerValue().equals(rhs.bigIntegerValue());
        }
        if (lhs.isTextual() || rhs.isTextual()) {
            return lhs.isTextual() && rhs.isTextual() && lhs.textValue().equals(rhs.textValue());
        }
        if (lhs.isBoolean() || rhs.isBoolean()) {
            return lhs.isBoolean() && rhs.isBoolean() && lhs.booleanValue() == rhs.booleanValue();
        }
        if (lhs.isArray() || rhs.isArray()) {
            if (!lhs.isArray() || !rhs.isArray() || lhs.size() != rhs.size()) {
                return false;
            }
            for (int i = 0; i < lhs.size(); i++) {
                if (!equal(lhs.get(i), rhs.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (lhs.isObject() || rhs.isObject()) {
            if (!lhs.isObject() || !rhs.isObject() || lhs.size() != rhs.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : lhs.properties()) {
                JsonNode other = rhs.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        // both null
        return true;
    }

    /** Equality of possibly absent values. */
    static boolean equalOrBothAbsent(JsonNode lhs, JsonNode rhs) {
        if (lhs == null || rhs == null) {
            return lhs == rhs;
        }
        return equal(lhs, rhs);
    }

    /** {@code value.Compare}: numbers, then strings, booleans, lists, maps, null. */
    static int compare(JsonNode lhs, JsonNode rhs) {
        if (lhs.isFloatingPointNumber()) {
            if (!rhs.isFloatingPointNumber()) {
                if (rhs.isIntegralNumber()) {
                    return floatCompare(lhs.doubleValue(), rhs.doubleValue());
                }
                return -1;
            }
            return floatCompare(lhs.doubleValue(), rhs.doubleValue());
        } else if (rhs.isFloatingPointNumber()) {
            if (lhs.isIntegralNumber()) {
                return floatCompare(lhs.doubleValue(), rhs.doubleValue());
            }
            return 1;
        }
        if (lhs.isIntegralNumber()) {
            if (!rhs.isIntegralNumber()) {
                return -1;
            }
            return Integer.signum(lhs.bigIntegerValue().compareTo(rhs.bigIntegerValue()));
        } else if (rhs.isIntegralNumber()) {
            return 1;
        }
        if (lhs.isTextual()) {
            if (!rhs.isTextual()) {
                return -1;
            }
            return Integer.signum(lhs.textValue().compareTo(rhs.textValue()));
        } else if (rhs.isTextual()) {
            return 1;
        }
        if (lhs.isBoolean()) {
            if (!rhs.isBoolean()) {
                return -1;
            }
            return Boolean.compare(lhs.booleanValue(), rhs.booleanValue());
        } else if (rhs.isBoolean()) {
            return 1;
        }
        if (lhs.isArray()) {
            if (!rhs.isArray()) {
                return -1;
            }
            for (int i = 0; ; i++) {
                boolean lOk = i < lhs.size();
                boolean rOk = i < rhs.size();
                if (!lOk && !rOk) {
                    return 0;
                }
                if (!lOk) {
                    return -1;
                }
                if (!rOk) {
                    return 1;
                }
                int c = compare(lhs.get(i), rhs.get(i));
                if (c != 0) {
                    return c;
                }
            }
        } else if (rhs.isArray()) {
            return 1;
        }
        if (lhs.isObject()) {
            if (!rhs.isObject()) {
                return -1;
            }
            return mapCompare(lhs, rhs);
        } else if (rhs.isObject()) {
            return 1;
        }
        return 0;
    }

    private static int floatCompare(double l, double r) {
        return l < r ? -1 : l > r ? 1 : 0;
    }

    /** {@code value.MapCompare}: walks the union of keys in lexical order. */
    private static int mapCompare(JsonNode lhs, JsonNode rhs) {
        int llength = lhs.size();
        int rlength = rhs.size();
        if (llength == 0 && rlength == 0) {
            return 0;
        }
        TreeSet<String> keys = new TreeSet<>();
        lhs.fieldNames().forEachRemaining(keys::add);
        rhs.fieldNames().forEachRemaining(keys::add);
        int i = 0;
        for (String key : keys) {
            int c;
            JsonNode l = lhs.get(key);
            JsonNode r = rhs.get(key);
            if (i == llength) {
                c = -1;
            } else if (i == rlength) {
                c = 1;
            } else if (l == null) {
                c = 1;
            } else if (r == null) {
                c = -1;
            } else {
                c = compare(l, r);
            }
            i++;
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** {@code value.ToString}: how a key or set value is printed inside a field path. */
    static String toGoString(JsonNode v) {
        if (isNull(v)) {
            return "null";
        }
        if (v.isFloatingPointNumber()) {
            return goFloatVerb(v.doubleValue());
        }
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        if (v.isTextual()) {
            return goQuote(v.textValue());
        }
        if (v.isBoolean()) {
            return Boolean.toString(v.booleanValue());
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(item -> parts.add(toGoString(item)));
            return "[" + String.join(",", parts) + "]";
        }
        StringBuilder out = new StringBuilder();
        v.properties().forEach(e -> out.append(e.getKey()).append('=').append(toGoString(e.getValue())));
        return out.toString();
    }

    /** Go's {@code %q} of a string ({@code strconv.Quote}). */
    static String goQuote(String s) {
        return GoText.quote(s);
    }

    /** Go's {@code unicode.IsPrint}. */
    static boolean isGoPrintable(int cp) {
        return GoText.isPrint(cp);
    }

    /** Go's {@code %v} of a float64. */
    static String goFloatVerb(double d) {
        return GoText.formatFloat(d);
    }

    /** How {@code encoding/json} writes a float64. */
    static String goJsonFloat(double d) {
        return GoText.jsonFloat(d);
    }



    /** Compact JSON as Go's {@code encoding/json} writes an unstructured value (keys sorted, HTML characters escaped). */
    static String goJson(JsonNode v) {
        return GoText.jsonMarshal(v);
    }

    static void writeGoJson(JsonNode v, StringBuilder out) {
        out.append(GoText.jsonMarshal(v));
    }

    static void writeGoJsonString(String s, StringBuilder out) {
        out.append(GoText.jsonMarshal(com.fasterxml.jackson.databind.node.TextNode.valueOf(s)));
    }

    /** Deep copy that keeps absent as absent. */
    static JsonNode copy(JsonNode v) {
        return v == null ? null : v.deepCopy();
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }
}
