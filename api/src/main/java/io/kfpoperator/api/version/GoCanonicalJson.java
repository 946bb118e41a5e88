package io.kfpoperator.api.version;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes JSON the way Go's encoding/json re-marshals a value decoded into {@code any}: object
 * keys sorted, no whitespace, every number a float64 in Go's shortest format, HTML characters
 * escaped. Framework parameters are hashed in this form, so the version does not depend on key
 * order or formatting in the manifest.
 */
final class GoCanonicalJson {

    private GoCanonicalJson() {
    }

    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            keys.sort(ObjectHasher.GO_STRING_ORDER);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeString(keys.get(i), out);
                out.append(':');
                write(node.get(keys.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(formatFloat64(node.asDouble()));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            writeString(node.asText(), out);
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                // Go escapes these for safe embedding in HTML and JavaScript.
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

    /** strconv.FormatFloat(f, 'f' or 'e', -1, 64) as encoding/json chooses between them. */
    static String formatFloat64(double value) {
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double abs = Math.abs(value);
        if (abs >= 1e-6 && abs < 1e21) {
            return shortest.toPlainString();
        }
        // Scientific: d[.ddd]e±x, exponent without leading zeros and at least one digit.
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        StringBuilder b = new StringBuilder();
        if (value < 0) {
            b.append('-');
        }
        b.append(digits.charAt(0));
        if (digits.length() > 1) {
            b.append('.').append(digits, 1, digits.length());
        }
        b.append('e').append(exponent < 0 ? '-' : '+');
        String exp = Integer.toString(Math.abs(exponent));
        b.append(exp.length() < 2 ? "0" + exp : exp);
        String s = b.toString();
        // encoding/json trims "e-07" to "e-7" (only negative exponents).
        if (exponent < 0 && exp.length() < 2) {
            s = s.substring(0, s.length() - 2) + exp;
        }
        return s;
    }
}
