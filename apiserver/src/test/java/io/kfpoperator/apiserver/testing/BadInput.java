package io.kfpoperator.apiserver.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Generated bad input made from one valid document (issue #19, "crash anywhere, lose nothing"):
 * a single change at a single place (a field dropped, nulled, of the wrong type, a number out of
 * bounds, an odd or overlong string, deep nesting, an unknown field, a repeated list item), or the
 * document's text cut short. Starting from a valid document keeps every other field right, so
 * each input probes one check; the change says where it is, for the assertions on the field an
 * error names. Shared with the modules that test their inputs this way.
 *
 * <p>Every generator is a function of a seeded {@link Random} (see {@link GeneratedTries}): the same
 * seed makes the same input.
 */
public final class BadInput {

    /** Writers (and readers) that take the deepest nesting generated: the readers under test set their own limits. */
    private static final StreamWriteConstraints DEEP_WRITES = StreamWriteConstraints.builder().maxNestingDepth(10_000).build();
    private static final StreamReadConstraints DEEP_READS = StreamReadConstraints.builder().maxNestingDepth(10_000).build();
    public static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().streamWriteConstraints(DEEP_WRITES)
            .streamReadConstraints(DEEP_READS).build());
    /** An empty value is null, as {@code new YAMLFactory()} and Go's YAML read it (the builder's default reads ""). */
    public static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().streamWriteConstraints(DEEP_WRITES)
            .streamReadConstraints(DEEP_READS).enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BadInput() {
    }

    /** How the document is written out: the format its reader expects. */
    public enum Format {
        JSON_TEXT, YAML_TEXT;

        ObjectMapper mapper() {
            return this == JSON_TEXT ? JSON : YAML;
        }
    }

    /**
     * One bad input.
     *
     * @param change   what was done, for the report ("wrong type 7", "cut after 120 of 388 characters")
     * @param path     where, in Kubernetes field-path notation ({@code spec.run.parameters[0].name}); "" for the
     *                 whole document
     * @param document the changed document, or null when the text was cut (it is no document then)
     * @param text     what is sent or written
     */
    public record Mutation(String change, String path, JsonNode document, String text) {

        public boolean truncated() {
            return document == null;
        }

        /** Whether an error naming {@code field} points at this change: one path contains the other. */
        public boolean concerns(String field) {
            return related(path, field);
        }

        @Override
        public String toString() {
            return change + (path.isEmpty() ? "" : " at " + path);
        }
    }

    /** Whether one field path contains the other ({@code spec} and {@code spec.run[0]}, or the same path). */
    public static boolean related(String path, String other) {
        List<String> mine = segments(path);
        List<String> theirs = segments(other);
        int common = Math.min(mine.size(), theirs.size());
        return mine.subList(0, common).equals(theirs.subList(0, common));
    }

    /** {@code a.b[0][key].c} as [a, b, 0, key, c]. */
    public static List<String> segments(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.replace("[", ".").replace("]", "").split("\\.")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** A bad input made from {@code valid}, written as JSON. */
    public static Mutation of(JsonNode valid, Random random) {
        return of(valid, Format.JSON_TEXT, random);
    }

    /** A bad input made from {@code valid}, written in {@code format}; about one in eight is the valid text cut short. */
    public static Mutation of(JsonNode valid, Format format, Random random) {
        List<List<Object>> places = places(valid);
        String text = write(valid, format);
        // A change that leaves the text as it was (emptying what is empty) is no bad input: draw again.
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Mutation mutation;
            if (random.nextInt(8) < 7) {
                mutation = apply(valid, GeneratedTries.oneOf(random, places), edit(random), format);
            } else {
                int at = random.nextInt(text.length());
                mutation = new Mutation("cut after " + at + " of " + text.length() + " characters", "", null, text.substring(0, at));
            }
            if (!mutation.text().equals(text)) {
                return mutation;
            }
        }
        throw new IllegalStateException("no change of " + abbreviate(text) + " changes its text");
    }

    /**
     * One change at a place: the node there replaced ({@code change} answers the new node, null to
     * remove it), a field added to the object there (or the nearest one holding it), or the list item
     * there (or the nearest one holding it) repeated.
     */
    public record Edit(String description, Kind kind, UnaryOperator<JsonNode> change, String key, JsonNode value) {

        enum Kind { REPLACE, ADD_FIELD, REPEAT_ITEM }

        static Edit replace(String description, UnaryOperator<JsonNode> change) {
            return new Edit(description, Kind.REPLACE, change, null, null);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** One of every kind of change (each as likely), with its parameters generated. */
    public static Edit edit(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> Edit.replace("dropped", node -> null);
            case 1 -> Edit.replace("null", node -> NODES.nullNode());
            case 2 -> {
                JsonNode value = wrongType(random);
                yield Edit.replace("wrong type " + abbreviate(value.toString()), node -> value.deepCopy());
            }
            case 3 -> {
                JsonNode value = outOfBounds(random);
                yield Edit.replace("number " + value, node -> value);
            }
            case 4 -> {
                String value = oddString(random);
                yield Edit.replace("string " + abbreviate(JSON.valueToTree(value).toString()), node -> NODES.textNode(value));
            }
            case 5 -> {
                int depth = 2 + random.nextInt(1500 - 2 + 1);
                boolean arrays = random.nextBoolean();
                yield Edit.replace((arrays ? "arrays" : "objects") + " nested " + depth + " deep", node -> nested(depth, arrays));
            }
            case 6 -> {
                NearMiss miss = GeneratedTries.oneOf(random, List.of(NearMiss.values()));
                yield Edit.replace("near miss (" + miss.name().toLowerCase(Locale.ROOT) + ")", miss::apply);
            }
            case 7 -> {
                String key = oddKey(random);
                yield new Edit("unknown field " + abbreviate(JSON.valueToTree(key).toString()), Edit.Kind.ADD_FIELD, null, key,
                        wrongType(random));
            }
            case 8 -> new Edit("repeated list item", Edit.Kind.REPEAT_ITEM, null, null, null);
            default -> Edit.replace("emptied", node -> node.isArray() ? NODES.arrayNode() : node.isObject() ? NODES.objectNode()
                    : NODES.textNode(""));
        };
    }

    /** A change to the value that is already there: what a careless hand or a version skew writes. */
    private enum NearMiss {
        UPPER_CASE, TRAILING_SPACE, HALF, REPEATED, NEGATED, SUFFIXED;

        JsonNode apply(JsonNode node) {
            if (node.isNumber()) {
                return switch (this) {
                    case NEGATED, UPPER_CASE -> NODES.numberNode(node.decimalValue().negate());
                    case HALF -> NODES.numberNode(node.decimalValue().divide(BigDecimal.valueOf(2)));
                    case REPEATED -> NODES.numberNode(node.decimalValue().multiply(BigDecimal.valueOf(1_000_000_000L)));
                    default -> NODES.textNode(node.asText() + (this == TRAILING_SPACE ? " " : "s"));
                };
            }
            if (node.isBoolean()) {
                return NODES.textNode(node.asText().toUpperCase(Locale.ROOT));
            }
            if (!node.isTextual()) {
                return NODES.textNode(node.toString());
            }
            String s = node.asText();
            return NODES.textNode(switch (this) {
                case UPPER_CASE -> s.toUpperCase(Locale.ROOT);
                case TRAILING_SPACE -> s + " ";
                case HALF -> s.substring(0, s.length() / 2);
                case REPEATED -> s.repeat(Math.max(2, 300 / Math.max(1, s.length())));
                case NEGATED -> "-" + s;
                case SUFFIXED -> s + "x";
            });
        }
    }

    private static final List<JsonNode> WRONG_TYPES = List.of(
            NODES.numberNode(7), NODES.numberNode(1.5), NODES.textNode("text"), NODES.booleanNode(true), NODES.booleanNode(false),
            NODES.arrayNode(), NODES.arrayNode().add(1).add("a"), NODES.objectNode(), NODES.objectNode().put("a", 1),
            NODES.arrayNode().add(NODES.objectNode()));

    private static final List<JsonNode> OUT_OF_BOUNDS = List.of(
            NODES.numberNode(-1), NODES.numberNode(0), NODES.numberNode(65536), NODES.numberNode(2147483647L),
            NODES.numberNode(2147483648L), NODES.numberNode(-2147483649L), NODES.numberNode(Long.MAX_VALUE),
            NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(new BigInteger("9223372036854775808")),
            NODES.numberNode(new BigInteger("123456789012345678901234567890")), NODES.numberNode(new BigDecimal("1e308")),
            NODES.numberNode(new BigDecimal("-1e308")), NODES.numberNode(new BigDecimal("1e400")),
            NODES.numberNode(new BigDecimal("1e-300")), NODES.numberNode(0.5), NODES.numberNode(new BigDecimal("-0.0")));

    private static final List<String> ODD_STRINGS = List.of(
            "", " ", "\t\n", "a".repeat(63), "a".repeat(64), "a".repeat(253), "a".repeat(254), "a".repeat(70_000), "UPPER", "-leading",
            "trailing-", "dots..dots", ".", "..", "a/b", "a/b/c", "/", "ns/", "/name", "a:b", "a b", "ü", "名前", "🙂", "\u0000",
            "x\u0000y", "\u202eevil", "\uFEFFbom", "${jndi:ldap://x}", "' OR 1=1 --", "../../etc/passwd", "%00", "\\", "\"",
            "0", "-1", "true", "null", "1e309", "NaN", "* * * * * * *", "60 25 32 13 8", "2026-13-45T99:99:99Z");

    private static final List<String> ODD_KEYS = List.of("unknownField", "", " ", "a.b", "$ref", "__proto__", "🙂", "Spec", "x".repeat(300), "0");

    /** A value of some JSON type (a fresh node, each as likely); at a place of another type it is a type error. */
    public static JsonNode wrongType(Random random) {
        return GeneratedTries.oneOf(random, WRONG_TYPES).deepCopy();
    }

    /** A number at or past the edges of what Kubernetes (int32, int64, float64) and Java hold, each as likely. */
    public static JsonNode outOfBounds(Random random) {
        return GeneratedTries.oneOf(random, OUT_OF_BOUNDS);
    }

    /**
     * A string a name or a value check must turn away, or keep exactly: empty, blank, overlong (past
     * DNS labels, subdomains and the 1 MiB-ish limits), upper case, separators, unicode (accents, CJK,
     * emoji, right-to-left override, NUL), injection-looking text (three in four), or random unicode
     * of 1 to 40 characters outside the surrogates (one in four).
     */
    public static String oddString(Random random) {
        if (random.nextInt(4) < 3) {
            return GeneratedTries.oneOf(random, ODD_STRINGS);
        }
        int length = 1 + random.nextInt(40);
        StringBuilder s = new StringBuilder(length);
        int belowSurrogates = 0xD800;
        int aboveSurrogates = 0xFFFD - 0xE000 + 1;
        for (int i = 0; i < length; i++) {
            int c = random.nextInt(belowSurrogates + aboveSurrogates);
            s.append((char) (c < belowSurrogates ? c : 0xE000 + c - belowSurrogates));
        }
        return s.toString();
    }

    private static String oddKey(Random random) {
        return GeneratedTries.oneOf(random, ODD_KEYS);
    }

    private static JsonNode nested(int depth, boolean arrays) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = arrays ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    /** Every place of {@code document} except the root: keys and list indexes from the root. */
    public static List<List<Object>> places(JsonNode document) {
        List<List<Object>> places = new ArrayList<>();
        collect(document, new ArrayList<>(), places);
        return places;
    }

    private static void collect(JsonNode node, List<Object> at, List<List<Object>> into) {
        if (!at.isEmpty()) {
            into.add(List.copyOf(at));
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                at.add(field.getKey());
                collect(field.getValue(), at, into);
                at.remove(at.size() - 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                at.add(i);
                collect(node.get(i), at, into);
                at.remove(at.size() - 1);
            }
        }
    }

    /** {@code [spec, run, parameters, 0, name]} as {@code spec.run.parameters[0].name}. */
    public static String path(List<Object> place) {
        StringBuilder path = new StringBuilder();
        for (Object part : place) {
            if (part instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(part);
            }
        }
        return path.toString();
    }

    private static Mutation apply(JsonNode valid, List<Object> place, Edit edit, Format format) {
        JsonNode document = valid.deepCopy();
        JsonNode parent = document;
        for (Object part : place.subList(0, place.size() - 1)) {
            parent = part instanceof Integer index ? parent.get(index) : parent.get((String) part);
        }
        Object last = place.get(place.size() - 1);
        JsonNode current = last instanceof Integer index ? parent.get(index) : parent.get((String) last);
        String path = path(place);
        if (edit.kind() != Edit.Kind.REPLACE) {
            if (edit.kind() == Edit.Kind.ADD_FIELD) {
                // Into the object at this place, or the nearest object holding it.
                List<Object> objectPlace = new ArrayList<>(place);
                JsonNode target = current;
                while (!target.isObject()) {
                    objectPlace.remove(objectPlace.size() - 1);
                    target = at(document, objectPlace);
                }
                String key = edit.key();
                ((ObjectNode) target).set(key, edit.value().deepCopy());
                List<Object> added = new ArrayList<>(objectPlace);
                added.add(key);
                return new Mutation(edit.description(), path(added), document, write(document, format));
            }
            // A repeated list item: the nearest list item at or above this place, twice.
            List<Object> itemPlace = new ArrayList<>(place);
            while (!itemPlace.isEmpty() && !(itemPlace.get(itemPlace.size() - 1) instanceof Integer)) {
                itemPlace.remove(itemPlace.size() - 1);
            }
            if (itemPlace.isEmpty()) {
                return new Mutation("unchanged (no list here)", path, document, write(document, format));
            }
            int index = (Integer) itemPlace.remove(itemPlace.size() - 1);
            ArrayNode list = (ArrayNode) at(document, itemPlace);
            list.insert(index + 1, list.get(index).deepCopy());
            itemPlace.add(index + 1);
            return new Mutation(edit.description(), path(itemPlace), document, write(document, format));
        }
        JsonNode replacement = edit.change().apply(current);
        if (last instanceof Integer index) {
            if (replacement == null) {
                ((ArrayNode) parent).remove(index);
            } else {
                ((ArrayNode) parent).set(index, replacement);
            }
        } else if (replacement == null) {
            ((ObjectNode) parent).remove((String) last);
        } else {
            ((ObjectNode) parent).set((String) last, replacement);
        }
        return new Mutation(edit.description(), path, document, write(document, format));
    }

    private static JsonNode at(JsonNode document, List<Object> place) {
        JsonNode node = document;
        for (Object part : place) {
            node = part instanceof Integer index ? node.get(index) : node.get((String) part);
        }
        return node;
    }

    public static String write(JsonNode document, Format format) {
        try {
            return format.mapper().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...(" + s.length() + " chars)";
    }
}
