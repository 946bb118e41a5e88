package io.kfpoperator.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of Kubernetes JSONPath that CRD printer columns use: {@code .field}, {@code ['key']},
 * {@code [n]}, {@code [*]}, {@code .*} and filters {@code [?(@.a.b=="x")]} with {@code ==} or
 * {@code !=} against a quoted string or a number, or {@code [?(@.a)]} for presence.
 * Enough for the columns we ship and typical user columns; anything else is rejected at parse time
 * so a bad column shows up as an error, not as a silently empty cell.
 */
public final class JsonPath {

    private sealed interface Step permits Field, Index, Wildcard, Filter {
    }

    private record Field(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Wildcard() implements Step {
    }

    /** {@code @.path op literal}; op null means "path present". */
    private record Filter(JsonPath path, String op, String literal, boolean numeric) implements Step {
    }

    private final String expression;
    private final List<Step> steps;

    private JsonPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    public static JsonPath parse(String expression) {
        String text = expression.trim();
        if (text.startsWith("{") && text.endsWith("}")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        if (text.startsWith("$")) {
            text = text.substring(1);
        }
        return new JsonPath(expression, new Parser(expression, text).steps());
    }

    @Override
    public String toString() {
        return expression;
    }

    /** Every value the path selects, in document order; empty when nothing matches. */
    public List<JsonNode> evaluate(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                apply(step, node, next);
            }
            current = next;
        }
        return current;
    }

    private static void apply(Step step, JsonNode node, List<JsonNode> out) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (step instanceof Field field) {
            JsonNode child = node.isObject() ? node.get(field.name()) : null;
            if (child != null) {
                out.add(child);
            }
        } else if (step instanceof Index index) {
            if (node.isArray()) {
                int i = index.index() < 0 ? node.size() + index.index() : index.index();
                if (i >= 0 && i < node.size()) {
                    out.add(node.get(i));
                }
            }
        } else if (step instanceof Wildcard) {
            if (node.isArray() || node.isObject()) {
                node.elements().forEachRemaining(out::add);
            }
        } else if (step instanceof Filter filter) {
            if (!node.isArray()) {
                return;
            }
            for (JsonNode element : node) {
                if (matches(filter, element)) {
                    out.add(element);
                }
            }
        }
    }

    private static boolean matches(Filter filter, JsonNode element) {
        List<JsonNode> values = filter.path().evaluate(element);
        if (filter.op() == null) {
            return !values.isEmpty();
        }
        boolean equal = false;
        for (JsonNode value : values) {
            if (filter.numeric() ? value.isNumber() && value.decimalValue().compareTo(new java.math.BigDecimal(filter.literal())) == 0
                    : value.isValueNode() && value.asText().equals(filter.literal())) {
                equal = true;
                break;
            }
        }
        return filter.op().equals("==") ? equal : !values.isEmpty() && !equal;
    }

    private static final class Parser {
        private final String expression;
        private final String text;
        private int pos;

        Parser(String expression, String text) {
            this.expression = expression;
            this.text = text;
        }

        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '.') {
                    pos++;
                    if (pos < text.length() && text.charAt(pos) == '*') {
                        pos++;
                        steps.add(new Wildcard());
                    } else {
                        steps.add(new Field(identifier()));
                    }
                } else if (c == '[') {
                    steps.add(bracket());
                } else {
                    throw error("unexpected '" + c + "'");
                }
            }
            return List.copyOf(steps);
        }

        private String identifier() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "_-/".indexOf(text.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("a field name is expected at position " + start);
            }
            return text.substring(start, pos);
        }

        private Step bracket() {
            pos++; // '['
            skipSpaces();
            Step step;
            char c = peek();
            if (c == '*') {
                pos++;
                step = new Wildcard();
            } else if (c == '\'' || c == '"') {
                step = new Field(quoted());
            } else if (c == '?') {
                step = filter();
            } else {
                int start = pos;
                while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
                    pos++;
                }
                try {
                    step = new Index(Integer.parseInt(text.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw error("an index, '*', a quoted key or a filter is expected at position " + start);
                }
            }
            skipSpaces();
            expect(']');
            return step;
        }

        private Step filter() {
            pos++; // '?'
            skipSpaces();
            expect('(');
            skipSpaces();
            expect('@');
            int start = pos;
            while (pos < text.length() && "=!)".indexOf(text.charAt(pos)) < 0 && !Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            JsonPath path = new JsonPath(text.substring(start, pos), new Parser(expression, text.substring(start, pos)).steps());
            skipSpaces();
            String op = null;
            String literal = null;
            boolean numeric = false;
            if (text.startsWith("==", pos) || text.startsWith("!=", pos)) {
                op = text.substring(pos, pos + 2);
                pos += 2;
                skipSpaces();
                char c = peek();
                if (c == '\'' || c == '"') {
                    literal = quoted();
                } else {
                    int litStart = pos;
                    while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || ".-+eE".indexOf(text.charAt(pos)) >= 0)) {
                        pos++;
                    }
                    literal = text.substring(litStart, pos);
                    numeric = true;
                    try {
                        new java.math.BigDecimal(literal);
                    } catch (NumberFormatException e) {
                        throw error("a quoted string or a number is expected after " + op);
                    }
                }
                skipSpaces();
            }
            expect(')');
            return new Filter(path, op, literal, numeric);
        }

        private String quoted() {
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String value = text.substring(pos, end);
            pos = end + 1;
            return value;
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error("'" + c + "' expected at position " + pos);
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("JSONPath " + expression + ": " + message);
        }
    }
}
