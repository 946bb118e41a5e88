package io.kfpoperator.provider.kfp.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a valid KFP answer into a malformed one of a given kind, choosing where with a seeded
 * {@link Random}, so a failing case is reproduced from its seed. Remembers which fields it
 * touched, so a test can check that an error names the field that was wrong.
 */
public final class JsonAnswerMutator implements FakeKfpApi.AnswerMangler {

    /** The kinds of malformed answer. */
    public enum Kind {
        /** A field left out (an id, a list, a state…). */
        MISSING_FIELD,
        /** A value of another JSON type: a number for a string, an object for a list… */
        WRONG_TYPE,
        /** An enum value this client does not know (a newer KFP's state). */
        UNKNOWN_ENUM,
        /** A non-empty list answered empty. */
        EMPTY_LIST,
        /** A string of 200 000 characters, a 400-digit number, the last representable timestamp. */
        HUGE_VALUE,
        /** The body cut short (a proxy that dropped the end). */
        TRUNCATED,
        /** An HTML page with status 200 (a login page or a proxy's). */
        NOT_JSON,
        /** Status 200 with no body. */
        EMPTY_BODY,
        /** JSON that is not an object: an array, a string, a number, null. */
        NOT_AN_OBJECT,
        /** A list page whose next_page_token sends the client back to the page it asked for. */
        REPEATED_PAGE_TOKEN;

        /** Kinds that break the body's text, not one field. */
        public boolean breaksTheText() {
            return this == TRUNCATED || this == NOT_JSON || this == EMPTY_BODY || this == NOT_AN_OBJECT;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> ENUM_FIELDS = Set.of("state", "status", "storage_state", "mode");

    /** Where a value sits: its container, its key or index, and the nearest field name (for messages). */
    private record Slot(ContainerNode<?> parent, String key, int index, String field, JsonNode value) {
        void replace(JsonNode replacement) {
            if (parent instanceof ObjectNode object) {
                object.set(key, replacement);
            } else {
                ((ArrayNode) parent).set(index, replacement);
            }
        }
    }

    private final Kind kind;
    private final Random random;
    private final List<String> touched = new ArrayList<>();
    private final List<String> applied = new ArrayList<>();

    public JsonAnswerMutator(Kind kind, long seed) {
        this.kind = kind;
        this.random = new Random(seed);
    }

    public Kind kind() {
        return kind;
    }

    /** The field names whose values were changed or removed, in order. */
    public synchronized List<String> touchedFields() {
        return List.copyOf(touched);
    }

    /** What was done to which answer, for the test's failure message. */
    public synchronized List<String> applied() {
        return List.copyOf(applied);
    }

    @Override
    public synchronized String mangle(String method, String path, Map<String, List<String>> query, String body) {
        String mangled = mutate(body, query);
        applied.add(method + " " + path + ": " + kind + (touched.isEmpty() ? "" : " " + touched));
        return mangled;
    }

    private String mutate(String body, Map<String, List<String>> query) {
        switch (kind) {
            case TRUNCATED:
                return body.isEmpty() ? body : body.substring(0, random.nextInt(body.length()));
            case NOT_JSON:
                return "<html><head><title>Sign in</title></head><body>Please sign in</body></html>";
            case EMPTY_BODY:
                return "";
            case NOT_AN_OBJECT:
                return List.of("[]", "null", "\"ok\"", "17", "[{}]", "true").get(random.nextInt(6));
            default:
                break;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            return body;
        }
        if (!(root instanceof ObjectNode object)) {
            return body;
        }
        switch (kind) {
            case MISSING_FIELD -> pick(object, s -> s.parent instanceof ObjectNode).ifPresent(s -> {
                touched.add(s.field);
                ((ObjectNode) s.parent).remove(s.key);
            });
            case WRONG_TYPE -> pick(object, s -> true).ifPresent(s -> {
                touched.add(s.field);
                s.replace(otherType(s.value));
            });
            case UNKNOWN_ENUM -> pick(object, s -> ENUM_FIELDS.contains(s.field) && s.value.isTextual()).ifPresent(s -> {
                touched.add(s.field);
                s.replace(NODES.textNode("STATE_FROM_A_NEWER_KFP"));
            });
            case EMPTY_LIST -> pick(object, s -> s.value.isArray() && !s.value.isEmpty()).ifPresent(s -> {
                touched.add(s.field);
                s.replace(NODES.arrayNode());
            });
            // Ids are left alone: another string in an id is a lie, not a malformed answer.
            case HUGE_VALUE -> pick(object, s -> s.value.isValueNode() && !s.value.isBoolean() && !s.value.isNull()
                    && !s.field.endsWith("_id")).ifPresent(s -> {
                        touched.add(s.field);
                        s.replace(huge(s));
                    });
            case REPEATED_PAGE_TOKEN -> {
                touched.add("next_page_token");
                List<String> asked = query.getOrDefault("page_token", List.of());
                object.put("next_page_token", asked.isEmpty() || asked.get(0).isEmpty() ? "0" : asked.get(0));
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return object.toString();
    }

    private JsonNode otherType(JsonNode value) {
        List<JsonNode> candidates = new ArrayList<>(List.of(NODES.numberNode(42), NODES.booleanNode(true), NODES.nullNode(),
                NODES.objectNode(), NODES.arrayNode(), NODES.textNode("forty-two"), NODES.numberNode(1.5e308)));
        candidates.removeIf(c -> c.getNodeType() == value.getNodeType());
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static JsonNode huge(Slot slot) {
        if (slot.value.isNumber()) {
            return NODES.numberNode(new BigInteger("9".repeat(400)));
        }
        if (slot.field.endsWith("_at") || slot.field.endsWith("_time")) {
            return NODES.textNode("+999999999-12-31T23:59:59.999999999Z");
        }
        return NODES.textNode("x".repeat(200_000));
    }

    private java.util.Optional<Slot> pick(ObjectNode root, Predicate<Slot> eligible) {
        List<Slot> slots = new ArrayList<>();
        collect(root, null, slots);
        slots.removeIf(eligible.negate());
        return slots.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(slots.get(random.nextInt(slots.size())));
    }

    private static void collect(JsonNode node, String field, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> {
                slots.add(new Slot(object, e.getKey(), -1, e.getKey(), e.getValue()));
                collect(e.getValue(), e.getKey(), slots);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i, field, array.get(i)));
                collect(array.get(i), field, slots);
            }
        }
    }
}
