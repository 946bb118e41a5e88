package io.kfpoperator.controller.events.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code [filter]} of an output artifact path, evaluated against an artifact instance's
 * metadata. A deliberately small language (no functions, no regular expressions, no loops), so a
 * user's expression can neither run code nor take long:
 *
 * <pre>
 * expression := or
 * or         := and ("or" and)*
 * and        := unary ("and" unary)*
 * unary      := "not" unary | primary
 * primary    := "(" expression ")" | operand (("==" | "!=") operand)?
 * operand    := selector | "string" | 'string' | number | true | false
 * selector   := identifier ("." identifier)*      identifier: [A-Za-z_][A-Za-z0-9_-]*
 * </pre>
 *
 * A selector walks nested metadata objects ({@code a.b} is {@code metadata["a"]["b"]}). Values
 * compare as numbers when both sides are numbers (or strings holding numbers, as upstream's bexpr
 * coerces {@code pushed == 1}), otherwise by their text. A selector that names no metadata equals
 * nothing. An operand on its own is true only when it is the boolean {@code true}.
 */
public final class ArtifactFilter {

    private final String source;
    private final Node root;

    private ArtifactFilter(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /** Parses {@code expression}; blank means "every instance matches". */
    public static ArtifactFilter parse(String expression) {
        String text = expression == null ? "" : expression;
        if (text.isBlank()) {
            return new ArtifactFilter(text, metadata -> true);
        }
        Parser parser = new Parser(text, new Lexer(text).tokens());
        return new ArtifactFilter(text, parser.parse());
    }

    public boolean matches(Map<String, JsonNode> metadata) {
        return root.test(metadata == null ? Map.of() : metadata);
    }

    @Override
    public String toString() {
        return source;
    }

    // ---- evaluation ----

    @FunctionalInterface
    private interface Node {
        boolean test(Map<String, JsonNode> metadata);
    }

    /** A value an operand yields; {@code null} means "no such metadata". */
    @FunctionalInterface
    private interface Operand {
        Value value(Map<String, JsonNode> metadata);
    }

    private record Value(String text, BigDecimal number, boolean isBoolean) {

        static Value of(JsonNode node) {
            if (node == null || node.isMissingNode() || node.isNull()) {
                return null;
            }
            if (node.isNumber()) {
                return new Value(node.asText(), node.decimalValue(), false);
            }
            if (node.isBoolean()) {
                return new Value(node.asText(), null, true);
            }
            if (node.isTextual()) {
                return new Value(node.textValue(), asNumber(node.textValue()), false);
            }
            return new Value(node.toString(), null, false);
        }

        boolean sameAs(Value other) {
            if (number != null && other.number != null) {
                return number.compareTo(other.number) == 0;
            }
            return text.equals(other.text);
        }

        boolean isTrue() {
            return isBoolean && "true".equals(text);
        }
    }

    private static BigDecimal asNumber(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- lexing ----

    private enum Kind { LPAREN, RPAREN, EQ, NE, AND, OR, NOT, IDENT, STRING, NUMBER, BOOLEAN, DOT, END }

    private record Token(Kind kind, String text, int position) {
    }

    private static final class Lexer {
        private final String text;
        private int pos;

        Lexer(String text) {
            this.text = text;
        }

        List<Token> tokens() {
            List<Token> tokens = new ArrayList<>();
            while (true) {
                while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
                if (pos >= text.length()) {
                    tokens.add(new Token(Kind.END, "", pos));
                    return tokens;
                }
                int start = pos;
                char c = text.charAt(pos);
                if (c == '(') {
                    pos++;
                    tokens.add(new Token(Kind.LPAREN, "(", start));
                } else if (c == ')') {
                    pos++;
                    tokens.add(new Token(Kind.RPAREN, ")", start));
                } else if (c == '.') {
                    pos++;
                    tokens.add(new Token(Kind.DOT, ".", start));
                } else if (c == '=' || c == '!') {
                    if (pos + 1 >= text.length() || text.charAt(pos + 1) != '=') {
                        throw new FilterSyntaxException(text, start, "expected '" + c + "=' (comparisons are == and !=)");
                    }
                    pos += 2;
                    tokens.add(new Token(c == '=' ? Kind.EQ : Kind.NE, c + "=", start));
                } else if (c == '"' || c == '\'') {
                    tokens.add(new Token(Kind.STRING, string(c), start));
                } else if (Character.isDigit(c) || ((c == '-' || c == '+') && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
                    pos++;
                    while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                            || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                        pos++;
                    }
                    String number = text.substring(start, pos);
                    if (asNumber(number) == null) {
                        throw new FilterSyntaxException(text, start, "'" + number + "' is not a number");
                    }
                    tokens.add(new Token(Kind.NUMBER, number, start));
                } else if (Character.isLetter(c) || c == '_') {
                    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                            || text.charAt(pos) == '-')) {
                        pos++;
                    }
                    String word = text.substring(start, pos);
                    tokens.add(new Token(switch (word) {
                        case "and" -> Kind.AND;
                        case "or" -> Kind.OR;
                        case "not" -> Kind.NOT;
                        case "true", "false" -> Kind.BOOLEAN;
                        default -> Kind.IDENT;
                    }, word, start));
                } else {
                    throw new FilterSyntaxException(text, start, "unexpected character '" + c + "'");
                }
            }
        }

        private String string(char quote) {
            int start = pos;
            pos++;
            StringBuilder value = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == quote) {
                    return value.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    value.append(text.charAt(pos++));
                } else {
                    value.append(c);
                }
            }
            throw new FilterSyntaxException(text, start, "string is not closed");
        }
    }

    // ---- parsing (recursive descent, one method per grammar rule) ----

    private static final class Parser {
        /** Deeply nested parentheses are refused rather than risking the stack. */
        private static final int MAX_DEPTH = 32;

        private final String text;
        private final List<Token> tokens;
        private int next;
        private int depth;

        Parser(String text, List<Token> tokens) {
            this.text = text;
            this.tokens = tokens;
        }

        Node parse() {
            Node node = or();
            Token end = peek();
            if (end.kind() != Kind.END) {
                throw new FilterSyntaxException(text, end.position(), "unexpected '" + end.text() + "'");
            }
            return node;
        }

        private Node or() {
            Node left = and();
            while (peek().kind() == Kind.OR) {
                next++;
                Node l = left;
                Node r = and();
                left = m -> l.test(m) || r.test(m);
            }
            return left;
        }

        private Node and() {
            Node left = unary();
            while (peek().kind() == Kind.AND) {
                next++;
                Node l = left;
                Node r = unary();
                left = m -> l.test(m) && r.test(m);
            }
            return left;
        }

        private Node unary() {
            if (peek().kind() == Kind.NOT) {
                next++;
                Node inner = nested(this::unary);
                return m -> !inner.test(m);
            }
            return primary();
        }

        private Node primary() {
            Token token = peek();
            if (token.kind() == Kind.LPAREN) {
                next++;
                Node inner = nested(this::or);
                expect(Kind.RPAREN, "')'");
                return inner;
            }
            Operand left = operand();
            Kind op = peek().kind();
            if (op != Kind.EQ && op != Kind.NE) {
                return m -> {
                    Value v = left.value(m);
                    return v != null && v.isTrue();
                };
            }
            next++;
            Operand right = operand();
            boolean equal = op == Kind.EQ;
            return m -> {
                Value a = left.value(m);
                Value b = right.value(m);
                boolean same = a != null && b != null && a.sameAs(b);
                return equal == same;
            };
        }

        private Operand operand() {
            Token token = tokens.get(next);
            switch (token.kind()) {
                case STRING -> {
                    next++;
                    Value value = new Value(token.text(), asNumber(token.text()), false);
                    return m -> value;
                }
                case NUMBER -> {
                    next++;
                    Value value = new Value(token.text(), new BigDecimal(token.text()), false);
                    return m -> value;
                }
                case BOOLEAN -> {
                    next++;
                    Value value = new Value(token.text(), null, true);
                    return m -> value;
                }
                case IDENT -> {
                    return selector();
                }
                case END -> throw new FilterSyntaxException(text, token.position(), "expression ends too early");
                default -> throw new FilterSyntaxException(text, token.position(),
                        "expected a metadata key or a value, found '" + token.text() + "'");
            }
        }

        private Operand selector() {
            List<String> keys = new ArrayList<>();
            keys.add(tokens.get(next++).text());
            while (peek().kind() == Kind.DOT) {
                next++;
                Token key = tokens.get(next);
                if (key.kind() != Kind.IDENT) {
                    throw new FilterSyntaxException(text, key.position(), "expected a key after '.'");
                }
                keys.add(key.text());
                next++;
            }
            List<String> path = List.copyOf(keys);
            return metadata -> {
                JsonNode node = metadata.get(path.get(0));
                for (int i = 1; i < path.size() && node != null; i++) {
                    node = node.isObject() ? node.get(path.get(i)) : null;
                }
                return Value.of(node);
            };
        }

        private Node nested(java.util.function.Supplier<Node> rule) {
            if (++depth > MAX_DEPTH) {
                throw new FilterSyntaxException(text, peek().position(), "nested more than " + MAX_DEPTH + " levels deep");
            }
            Node node = rule.get();
            depth--;
            return node;
        }

        private void expect(Kind kind, String what) {
            Token token = peek();
            if (token.kind() != kind) {
                throw new FilterSyntaxException(text, token.position(), "expected " + what
                        + (token.kind() == Kind.END ? " before the end" : ", found '" + token.text() + "'"));
            }
            next++;
        }

        private Token peek() {
            return tokens.get(next);
        }
    }
}
