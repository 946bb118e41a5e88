package io.kfpoperator.apiserver.golang;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.POJONode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Renders JSON values the way kube-apiserver's Go code prints them (fmt's %q, %v and %#v, and
 * encoding/json), because its messages embed values in those notations.
 *
 * <p>JSON values are seen as kube-apiserver's unstructured decoder sees them: integers that fit
 * in int64 are {@code int64}, every other number is {@code float64}.
 */
public final class GoText {

    private GoText() {
    }

    /** Whether kube-apiserver's decoder makes an int64 of this number (otherwise a float64). */
    public static boolean isInt64(JsonNode number) {
        return number.isIntegralNumber() && number.canConvertToLong();
    }

    /** Go's strconv.Quote (what %q prints for a string). */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                    if (isPrint(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x20 || cp == 0x7F) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (Character.isSurrogate((char) cp)) {
                        // A lone surrogate is invalid UTF-8 to Go: it becomes U+FFFD on the way in.
                        out.append('\uFFFD');
                    } else if (cp < 0x10000) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    public static boolean isPrint(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 && cp < 0x7F;
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

    /** A float64 as fmt's %v prints it: shortest digits, %e notation for exponents below -4 or from 6 on. */
    public static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        Decimal dec = shortest(d);
        int exp = dec.pointPosition - 1;
        StringBuilder out = new StringBuilder();
        if (dec.negative) {
            out.append('-');
        }
        String digits = dec.digits;
        if (exp < -4 || exp >= 6) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            if (abs < 10) {
                out.append('0');
            }
            out.append(abs);
            return out.toString();
        }
        appendPlain(out, digits, dec.pointPosition);
        return out.toString();
    }

    /** A float64 as Go's encoding/json writes it. */
    public static String jsonFloat(double d) {
        double abs = Math.abs(d);
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        Decimal dec = shortest(d);
        StringBuilder out = new StringBuilder();
        if (dec.negative) {
            out.append('-');
        }
        if (abs < 1e-6 || abs >= 1e21) {
            int exp = dec.pointPosition - 1;
            out.append(dec.digits.charAt(0));
            if (dec.digits.length() > 1) {
                out.append('.').append(dec.digits, 1, dec.digits.length());
            }
            // Go writes e-07 as e-7 here.
            out.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
            return out.toString();
        }
        appendPlain(out, dec.digits, dec.pointPosition);
        return out.toString();
    }

    private static void appendPlain(StringBuilder out, String digits, int pointPosition) {
        if (pointPosition <= 0) {
            out.append("0.");
            out.append("0".repeat(-pointPosition)).append(digits);
        } else if (pointPosition >= digits.length()) {
            out.append(digits).append("0".repeat(pointPosition - digits.length()));
        } else {
            out.append(digits, 0, pointPosition).append('.').append(digits, pointPosition, digits.length());
        }
    }

    private record Decimal(boolean negative, String digits, int pointPosition) {
    }

    /** The shortest decimal that reads back as d, as Go's strconv picks it (digits, and where the point goes). */
    private static Decimal shortest(double d) {
        BigDecimal exact = new BigDecimal(Math.abs(d));
        BigDecimal found = null;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == Math.abs(d)) {
                found = rounded;
                break;
            }
        }
        if (found == null) {
            found = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
        found = found.stripTrailingZeros();
        String digits = found.unscaledValue().toString();
        int pointPosition = digits.length() - found.scale();
        return new Decimal(d < 0, digits, pointPosition);
    }

    /** A number as %v prints the Go value the decoder made of it. */
    public static String formatNumber(JsonNode number) {
        return isInt64(number) ? Long.toString(number.longValue()) : formatFloat(number.doubleValue());
    }

    /** A value as fmt's %v prints the unstructured Go value: strings bare, map[k:v], [a b]. */
    public static String formatValue(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "<nil>";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isNumber()) {
            return formatNumber(value);
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>(value.size());
            value.forEach(v -> items.add(formatValue(v)));
            return formatList(items);
        }
        if (value.isObject()) {
            List<String> entries = new ArrayList<>(value.size());
            for (String key : sortedKeys(value)) {
                entries.add(key + ":" + formatValue(value.get(key)));
            }
            return "map" + formatList(entries);
        }
        return value.asText();
    }

    /** A value as fmt's %#v prints the unstructured Go value (map[string]interface {}, []interface {}, ...). */
    public static String goSyntax(JsonNode value) {
        StringBuilder out = new StringBuilder();
        appendGoSyntax(out, value, false);
        return out.toString();
    }

    private static void appendGoSyntax(StringBuilder out, JsonNode value, boolean inInterface) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append(inInterface ? "interface {}(nil)" : "<nil>");
        } else if (value.isTextual()) {
            out.append(quote(value.asText()));
        } else if (value.isBoolean()) {
            out.append(value.booleanValue());
        } else if (value.isNumber()) {
            out.append(formatNumber(value));
        } else if (value.isArray()) {
            out.append("[]interface {}{");
            boolean first = true;
            for (JsonNode item : value) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                appendGoSyntax(out, item, true);
            }
            out.append('}');
        } else if (value.isObject()) {
            out.append("map[string]interface {}{");
            boolean first = true;
            for (String key : sortedKeys(value)) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(quote(key)).append(':');
                appendGoSyntax(out, value.get(key), true);
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    /** A value as Go's json.Marshal writes it (keys sorted, HTML characters escaped). */
    public static String jsonMarshal(JsonNode value) {
        StringBuilder out = new StringBuilder();
        appendJson(out, value);
        return out.toString();
    }

    private static void appendJson(StringBuilder out, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append("null");
        } else if (value.isTextual()) {
            appendJsonString(out, value.asText());
        } else if (value.isBoolean()) {
            out.append(value.booleanValue());
        } else if (value.isNumber()) {
            out.append(isInt64(value) ? Long.toString(value.longValue()) : jsonFloat(value.doubleValue()));
        } else if (value.isArray()) {
            out.append('[');
            boolean first = true;
            for (JsonNode item : value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendJson(out, item);
            }
            out.append(']');
        } else if (value.isObject()) {
            out.append('{');
            boolean first = true;
            for (String key : sortedKeys(value)) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendJsonString(out, key);
                out.append(':');
                appendJson(out, value.get(key));
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    private static void appendJsonString(StringBuilder out, String s) {
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

    /** What Go's json decoder calls a value's type in an UnmarshalTypeError ("cannot unmarshal number into ..."). */
    public static String jsonTypeName(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        return "object";
    }

    /** Object keys in Go's order for maps: byte order of UTF-8, which is code point order. */
    public static List<String> sortedKeys(JsonNode object) {
        List<String> keys = new ArrayList<>(object.size());
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        keys.sort(GoText::compareUtf8);
        return keys;
    }

    /** Go's string comparison (bytes of UTF-8), i.e. comparison by code points. */
    public static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * The bad value of a {@link io.kfpoperator.apiserver.FieldError} such that it prints as
     * kube-apiserver prints the Go value ({@code %v} for numbers and booleans, {@code %q} for
     * strings, {@code %#v} for maps and slices). Values FieldError already prints that way are
     * returned as they are; the others are wrapped in a node that keeps the JSON value (it
     * serializes as that value) and prints Go's text.
     */
    public static JsonNode badValue(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (value.isNull() || value.isBoolean() || (value.isNumber() && isInt64(value) && !value.isBigInteger())) {
            return value;
        }
        if (value.isTextual()) {
            String text = value.asText();
            String go = quote(text);
            return go.equals(value.toString()) ? value : new GoRendered(value, go);
        }
        if (value.isNumber()) {
            String go = formatNumber(value);
            return go.equals(value.toString()) ? value : new GoRendered(value, go);
        }
        return new GoRendered(value, goSyntax(value));
    }

    /** A bad value printed as Go text: a Go value that has no JSON node printing the same. */
    public static JsonNode rendered(JsonNode value, String goText) {
        return new GoRendered(value, goText);
    }

    /**
     * Holds a JSON value (serialized as that value) and prints as kube-apiserver prints it.
     * FieldError prints bad values that are neither strings, objects, arrays nor null by their
     * {@code toString()}, so this is how a Go rendering reaches the message.
     */
    static final class GoRendered extends POJONode {
        private static final long serialVersionUID = 1L;
        private final String goText;

        GoRendered(JsonNode value, String goText) {
            super(value);
            this.goText = goText;
        }

        /** The JSON value. */
        JsonNode value() {
            return (JsonNode) getPojo();
        }

        @Override
        public String toString() {
            return goText;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GoRendered other && other.goText.equals(goText) && other.getPojo().equals(getPojo());
        }

        @Override
        public int hashCode() {
            return goText.hashCode();
        }
    }

    /** Go's %v of a []string as fmt prints it: [a b c]. */
    public static String formatList(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }
}
