package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
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
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (isGoPrintable(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** Approximates Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isGoPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                 Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Go's {@code %v} of a float64 ({@code strconv.FormatFloat(f, 'g', -1, 64)}: exponent form below 1e-4 and from 1e6). */
    static String goFloatVerb(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = exact.precision() - exact.scale() - 1;
        if (exp < -4 || exp >= 6) {
            return goExponent(exact, exp);
        }
        return exact.toPlainString();
    }

    /** How {@code encoding/json} writes a float64: plain from 1e-6 up to 1e21, exponent outside. */
    static String goJsonFloat(double d) {
        if (d == 0) {
            return "0";
        }
        double abs = Math.abs(d);
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (abs < 1e-6 || abs >= 1e21) {
            // encoding/json writes e-7 where strconv writes e-07.
            return goExponent(exact, exact.precision() - exact.scale() - 1).replaceFirst("e-0(\\d)$", "e-$1");
        }
        return exact.toPlainString();
    }

    private static String goExponent(BigDecimal exact, int exp) {
        String digits = exact.unscaledValue().abs().toString();
        StringBuilder out = new StringBuilder();
        if (exact.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exp < 0 ? '-' : '+');
        int absExp = Math.abs(exp);
        if (absExp < 10) {
            out.append('0');
        }
        out.append(absExp);
        return out.toString();
    }

    /**
     * Compact JSON as Go's {@code encoding/json} (and json-iterator's standard-compatible mode) writes an
     * unstructured value: object keys sorted, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped.
     */
    static String goJson(JsonNode v) {
        StringBuilder out = new StringBuilder();
        writeGoJson(v, out);
        return out.toString();
    }

    static void writeGoJson(JsonNode v, StringBuilder out) {
        if (isNull(v)) {
            out.append("null");
        } else if (v.isFloatingPointNumber()) {
            out.append(goJsonFloat(v.doubleValue()));
        } else if (v.isIntegralNumber()) {
            out.append(v.bigIntegerValue());
        } else if (v.isTextual()) {
            writeGoJsonString(v.textValue(), out);
        } else if (v.isBoolean()) {
            out.append(v.booleanValue());
        } else if (v.isArray()) {
            out.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeGoJson(v.get(i), out);
            }
            out.append(']');
        } else if (v.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            v.fieldNames().forEachRemaining(keys::add);
            out.append('{');
            boolean first = true;
            for (String key : keys) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeGoJsonString(key, out);
                out.append(':');
                writeGoJson(v.get(key), out);
            }
            out.append('}');
        } else {
            out.append(v);
        }
    }

    static void writeGoJsonString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
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
