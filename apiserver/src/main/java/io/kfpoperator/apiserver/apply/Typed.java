package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The typed walks of structured-merge-diff over Jackson trees: the set of fields a value sets
 * ({@code ToFieldSet}), the fields two values differ in ({@code Compare}), the merge of an applied
 * configuration into a live object ({@code Merge}), removal of owned items ({@code RemoveItems}) and the
 * strict check of an applied configuration ({@code validate}).
 *
 * <p>Absent values are Java {@code null}; JSON null is a {@code NullNode}.
 */
final class Typed {

    private Typed() {
    }

    /** A path under construction. */
    private static List<PathElement> child(List<PathElement> path, PathElement pe) {
        List<PathElement> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(pe);
        return out;
    }

    /** Where the schema has nothing to say (an undeclared field in a live object), values are deduced. */
    private static FieldType orDeduced(FieldType t) {
        return t == null ? FieldType.untyped() : t;
    }

    // ---- list items -----------------------------------------------------------------------------

    static final class ItemException extends Exception {
        private static final long serialVersionUID = 1L;
        ItemException(String message) {
            super(message);
        }
    }

    /** The path element naming a set or map-list item. */
    static PathElement itemElement(FieldType.ListShape list, JsonNode item) throws ItemException {
        if (list.type == FieldType.ListType.ATOMIC) {
            throw new ItemException("invalid indexing of non-associative list");
        }
        if (list.type == FieldType.ListType.MAP) {
            if (Values.isNull(item)) {
                throw new ItemException("associative list with keys may not have a null element");
            }
            if (!item.isObject()) {
                throw new ItemException("associative list with keys may not have non-map elements");
            }
            FieldType.MapShape element = list.elementType == null ? null : list.elementType.mapShape();
            List<PathElement.KeyField> fields = new ArrayList<>();
            for (String key : list.keys) {
                JsonNode value = item.get(key);
                if (value != null) {
                    fields.add(new PathElement.KeyField(key, value));
                    continue;
                }
                if (element == null) {
                    throw new ItemException("couldn't find default value for " + key + ": associative list may not have non-map types");
                }
                JsonNode def = element.defaultOf(key);
                if (def != null && !def.isNull()) {
                    fields.add(new PathElement.KeyField(key, def));
                }
            }
            if (fields.isEmpty()) {
                throw new ItemException("associative list with keys has an element that omits all key fields "
                        + list.keys.stream().map(Values::goQuote).collect(Collectors.joining(" ", "[", "]"))
                        + " (and doesn't have default values for any key fields)");
            }
            return new PathElement.Key(fields);
        }
        if (item == null || item.isNull()) {
            throw new ItemException("associative list without keys has an element that's an explicit null");
        }
        if (item.isObject()) {
            throw new ItemException("associative list without keys has an element that's a map type");
        }
        if (item.isArray()) {
            throw new ItemException("not supported: associative list with lists as elements");
        }
        return new PathElement.Value(item);
    }

    private static ArrayNode listOf(JsonNode v) {
        return v != null && v.isArray() ? (ArrayNode) v : null;
    }

    private static ObjectNode mapOf(JsonNode v) {
        return v != null && v.isObject() ? (ObjectNode) v : null;
    }

    // ---- ToFieldSet -----------------------------------------------------------------------------

    /** The fields {@code value} sets: leaves, list items, map keys, and structs only when null or empty. */
    static FieldSet toFieldSet(JsonNode value, FieldType type) {
        FieldSet set = new FieldSet();
        fieldsOf(List.of(), value, type, set);
        return set;
    }

    private static void fieldsOf(List<PathElement> path, JsonNode v, FieldType t, FieldSet set) {
        FieldType a = t.resolve(v);
        switch (a.handler()) {
            case SCALAR -> set.insert(path);
            case LIST -> {
                FieldType.ListShape list = a.listShape();
                if (list.atomic()) {
                    set.insert(path);
                    return;
                }
                ArrayNode items = listOf(v);
                if (items == null) {
                    return;
                }
                Set<PathElement> seen = new TreeSet<>();
                Set<PathElement> duplicates = new TreeSet<>();
                List<PathElement> pes = new ArrayList<>();
                for (JsonNode item : items) {
                    PathElement pe;
                    try {
                        pe = itemElement(list, item);
                    } catch (ItemException e) {
                        pes.add(null);
                        continue;
                    }
                    pes.add(pe);
                    if (!seen.add(pe) && duplicates.add(pe)) {
                        set.insert(child(path, pe));
                    }
                }
                for (int i = 0; i < items.size(); i++) {
                    PathElement pe = pes.get(i);
                    if (pe == null || duplicates.contains(pe)) {
                        continue;
                    }
                    List<PathElement> itemPath = child(path, pe);
                    fieldsOf(itemPath, items.get(i), orDeduced(list.elementType), set);
                    set.insert(itemPath);
                }
            }
            case MAP -> {
                FieldType.MapShape map = a.mapShape();
                if (map.atomic) {
                    set.insert(path);
                    return;
                }
                ObjectNode fields = mapOf(v);
                if (fields == null) {
                    return;
                }
                for (Map.Entry<String, JsonNode> e : fields.properties()) {
                    List<PathElement> fieldPath = child(path, new PathElement.Field(e.getKey()));
                    JsonNode val = e.getValue();
                    fieldsOf(fieldPath, val, orDeduced(map.typeOf(e.getKey())), set);
                    if (val.isNull() || (val.isObject() && val.isEmpty())) {
                        set.insert(fieldPath);
                    } else if (!map.isNamedField(e.getKey())) {
                        set.insert(fieldPath);
                    }
                }
            }
            case INVALID -> {
            }
        }
    }

    // ---- Compare --------------------------------------------------------------------------------

    /** The fields {@code rhs} removes, modifies and adds relative to {@code lhs}. */
    record Comparison(FieldSet removed, FieldSet modified, FieldSet added) {
        boolean isSame() {
            return removed.isEmpty() && modified.isEmpty() && added.isEmpty();
        }

        /** Without the paths in {@code reset} and everything below them. */
        Comparison excluding(FieldSet reset) {
            if (reset == null || reset.isEmpty()) {
                return this;
            }
            return new Comparison(removed.recursiveDifference(reset), modified.recursiveDifference(reset), added.recursiveDifference(reset));
        }
    }

    static Comparison compare(JsonNode lhs, JsonNode rhs, FieldType type) {
        Comparison cmp = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
        compare(List.of(), lhs, rhs, type, cmp);
        return cmp;
    }

    private static void compare(List<PathElement> path, JsonNode lhs, JsonNode rhs, FieldType t, Comparison cmp) {
        FieldType al = t.resolve(lhs);
        FieldType ar = t.resolve(rhs);
        boolean inLeaf;
        if (rhs == null) {
            inLeaf = compareAtom(al, path, lhs, rhs, cmp);
        } else if (lhs == null || al.sameAtom(ar)) {
            inLeaf = compareAtom(ar, path, lhs, rhs, cmp);
        } else {
            compareAtom(al, path, lhs, rhs, cmp);
            inLeaf = compareAtom(ar, path, lhs, rhs, cmp);
        }
        if (!inLeaf) {
            if (lhs == null) {
                cmp.added().insert(path);
            } else if (rhs == null) {
                cmp.removed().insert(path);
            }
        }
    }

    /** Returns whether the value was compared as a leaf. */
    private static boolean compareAtom(FieldType a, List<PathElement> path, JsonNode lhs, JsonNode rhs, Comparison cmp) {
        switch (a.handler()) {
            case SCALAR -> {
                compareLeaf(path, lhs, rhs, cmp);
                return true;
            }
            case LIST -> {
                FieldType.ListShape list = a.listShape();
                ArrayNode l = listOf(lhs);
                ArrayNode r = listOf(rhs);
                boolean emptyPromote = (l == null || l.isEmpty()) && (r == null || r.isEmpty());
                if (list.atomic() || emptyPromote) {
                    compareLeaf(path, lhs, rhs, cmp);
                    return true;
                }
                compareListItems(path, list, l, r, cmp);
                return false;
            }
            case MAP -> {
                FieldType.MapShape map = a.mapShape();
                ObjectNode l = mapOf(lhs);
                ObjectNode r = mapOf(rhs);
                boolean emptyPromote = (l == null || l.isEmpty()) && (r == null || r.isEmpty());
                if (map.atomic || emptyPromote) {
                    compareLeaf(path, lhs, rhs, cmp);
                    return true;
                }
                Set<String> keys = new LinkedHashSet<>();
                if (l != null) {
                    l.fieldNames().forEachRemaining(keys::add);
                }
                if (r != null) {
                    r.fieldNames().forEachRemaining(keys::add);
                }
                for (String key : keys) {
                    compare(child(path, new PathElement.Field(key)), l == null ? null : l.get(key), r == null ? null : r.get(key),
                            orDeduced(map.typeOf(key)), cmp);
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static void compareLeaf(List<PathElement> path, JsonNode lhs, JsonNode rhs, Comparison cmp) {
        if (lhs == null) {
            cmp.added().insert(path);
        } else if (rhs == null) {
            cmp.removed().insert(path);
        } else if (!Values.equal(rhs, lhs)) {
            cmp.modified().insert(path);
        }
    }

    private static void compareListItems(List<PathElement> path, FieldType.ListShape list, ArrayNode lhs, ArrayNode rhs, Comparison cmp) {
        List<PathElement> all = new ArrayList<>();
        TreeMap<PathElement, List<JsonNode>> lValues = new TreeMap<>();
        if (lhs != null) {
            for (JsonNode item : lhs) {
                PathElement pe;
                try {
                    pe = itemElement(list, item);
                } catch (ItemException e) {
                    continue;
                }
                List<JsonNode> existing = lValues.get(pe);
                if (existing != null) {
                    existing.add(item);
                } else {
                    lValues.put(pe, new ArrayList<>(List.of(item)));
                    all.add(pe);
                }
            }
        }
        TreeMap<PathElement, List<JsonNode>> rValues = new TreeMap<>();
        if (rhs != null) {
            for (JsonNode item : rhs) {
                PathElement pe;
                try {
                    pe = itemElement(list, item);
                } catch (ItemException e) {
                    continue;
                }
                List<JsonNode> existing = rValues.get(pe);
                if (existing != null) {
                    existing.add(item);
                } else {
                    rValues.put(pe, new ArrayList<>(List.of(item)));
                    if (!lValues.containsKey(pe)) {
                        all.add(pe);
                    }
                }
            }
        }
        FieldType element = orDeduced(list.elementType);
        for (PathElement pe : all) {
            List<JsonNode> l = lValues.getOrDefault(pe, List.of());
            List<JsonNode> r = rValues.getOrDefault(pe, List.of());
            List<PathElement> itemPath = child(path, pe);
            if (l.size() <= 1 && r.size() <= 1) {
                compare(itemPath, l.isEmpty() ? null : l.get(0), r.isEmpty() ? null : r.get(0), element, cmp);
            } else if (l.size() >= 2 && r.size() >= 2) {
                boolean same = l.size() == r.size();
                for (int i = 0; same && i < l.size(); i++) {
                    same = Values.equal(l.get(i), r.get(i));
                }
                if (!same) {
                    cmp.modified().insert(itemPath);
                }
            } else if (l.size() >= 2) {
                if (!r.isEmpty()) {
                    compare(itemPath, null, r.get(0), element, cmp);
                }
                cmp.removed().insert(itemPath);
            } else {
                if (!l.isEmpty()) {
                    compare(itemPath, l.get(0), null, element, cmp);
                }
                cmp.added().insert(itemPath);
            }
        }
    }

    // ---- Merge ----------------------------------------------------------------------------------

    /**
     * The applied configuration {@code rhs} merged into {@code lhs}: values from {@code rhs} win, granular
     * maps merge by key, set and map lists by item (in an order that keeps the applied order of shared
     * items), atomic values are replaced. Neither input is modified.
     */
    static JsonNode merge(JsonNode lhs, JsonNode rhs, FieldType type) {
        return merge(List.of(), lhs, rhs, type);
    }

    private static JsonNode merge(List<PathElement> path, JsonNode lhs, JsonNode rhs, FieldType t) {
        FieldType al = t.resolve(lhs);
        FieldType ar = t.resolve(rhs);
        // With an applied value, its kind decides (a value that changed kind is replaced by it).
        return rhs == null ? mergeAtom(al, path, lhs, null) : mergeAtom(ar, path, lhs, rhs);
    }

    private static JsonNode keepRhs(JsonNode lhs, JsonNode rhs) {
        return rhs != null ? rhs.deepCopy() : Values.copy(lhs);
    }

    private static JsonNode mergeAtom(FieldType a, List<PathElement> path, JsonNode lhs, JsonNode rhs) {
        switch (a.handler()) {
            case SCALAR -> {
                return keepRhs(lhs, rhs);
            }
            case LIST -> {
                FieldType.ListShape list = a.listShape();
                ArrayNode l = listOf(lhs);
                ArrayNode r = listOf(rhs);
                boolean emptyPromote = (l == null || l.isEmpty()) && (r == null || r.isEmpty());
                if (list.atomic() || emptyPromote) {
                    return keepRhs(lhs, rhs);
                }
                return mergeListItems(path, list, l, r);
            }
            case MAP -> {
                FieldType.MapShape map = a.mapShape();
                ObjectNode l = mapOf(lhs);
                ObjectNode r = mapOf(rhs);
                boolean emptyPromote = (l == null || l.isEmpty()) && (r == null || r.isEmpty());
                if (map.atomic || emptyPromote) {
                    return keepRhs(lhs, rhs);
                }
                ObjectNode out = Values.object();
                Set<String> keys = new LinkedHashSet<>();
                if (l != null) {
                    l.fieldNames().forEachRemaining(keys::add);
                }
                if (r != null) {
                    r.fieldNames().forEachRemaining(keys::add);
                }
                for (String key : keys) {
                    JsonNode merged = merge(child(path, new PathElement.Field(key)), l == null ? null : l.get(key),
                            r == null ? null : r.get(key), orDeduced(map.typeOf(key)));
                    if (merged != null) {
                        out.set(key, merged);
                    }
                }
                return out.isEmpty() ? null : out;
            }
            default -> {
                return keepRhs(lhs, rhs);
            }
        }
    }

    private record Indexed(List<PathElement> pes, List<JsonNode> items, Map<PathElement, JsonNode> observed) {
    }

    /** {@code indexListPathElements}: a duplicated key in the live list maps to null, so it is not merged. */
    private static Indexed index(FieldType.ListShape list, ArrayNode items, boolean allowDuplicates) {
        List<PathElement> pes = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        Map<PathElement, JsonNode> observed = new TreeMap<>();
        if (items != null) {
            for (JsonNode item : items) {
                PathElement pe;
                try {
                    pe = itemElement(list, item);
                } catch (ItemException e) {
                    continue;
                }
                if (observed.containsKey(pe)) {
                    if (!allowDuplicates) {
                        continue;
                    }
                    observed.put(pe, NullNode.getInstance());
                } else {
                    observed.put(pe, item);
                }
                pes.add(pe);
                values.add(item);
            }
        }
        return new Indexed(pes, values, observed);
    }

    private static JsonNode mergeListItems(List<PathElement> path, FieldType.ListShape list, ArrayNode lhs, ArrayNode rhs) {
        FieldType element = orDeduced(list.elementType);
        Indexed r = index(list, rhs, false);
        Indexed l = index(list, lhs, true);
        ArrayNode out = Values.array();

        List<PathElement> sharedOrder = new ArrayList<>();
        for (PathElement pe : r.pes()) {
            if (l.observed().containsKey(pe)) {
                sharedOrder.add(pe);
            }
        }
        int sharedNext = 0;
        PathElement nextShared = sharedOrder.isEmpty() ? null : sharedOrder.get(sharedNext++);

        Set<PathElement> mergedRhs = new TreeSet<>();
        int lLen = l.pes().size();
        int rLen = r.pes().size();
        int lI = 0;
        int rI = 0;
        while (lI < lLen || rI < rLen) {
            int before = lI + rI;
            if (lI < lLen && rI < rLen) {
                PathElement pe = l.pes().get(lI);
                if (pe.equals(r.pes().get(rI))) {
                    mergedRhs.add(pe);
                    addMerged(out, merge(child(path, pe), l.observed().get(pe), r.observed().get(pe), element));
                    lI++;
                    rI++;
                    nextShared = sharedNext < sharedOrder.size() ? sharedOrder.get(sharedNext++) : null;
                    continue;
                }
                if (r.observed().containsKey(pe) && nextShared != null && !nextShared.equals(pe)) {
                    lI++;
                    continue;
                }
            }
            if (lI < lLen) {
                PathElement pe = l.pes().get(lI);
                if (!r.observed().containsKey(pe)) {
                    addMerged(out, merge(child(path, pe), l.items().get(lI), null, element));
                    lI++;
                    continue;
                } else if (mergedRhs.contains(pe)) {
                    lI++;
                }
            }
            if (rI < rLen) {
                PathElement pe = r.pes().get(rI);
                mergedRhs.add(pe);
                addMerged(out, merge(child(path, pe), l.observed().get(pe), r.observed().get(pe), element));
                rI++;
                if (nextShared != null && nextShared.equals(pe)) {
                    nextShared = sharedNext < sharedOrder.size() ? sharedOrder.get(sharedNext++) : null;
                }
            }
            if (lI + rI == before) {
                throw new IllegalStateException("list merge made no progress at " + PathElement.toString(path));
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static void addMerged(ArrayNode out, JsonNode merged) {
        if (merged != null) {
            out.add(merged);
        }
    }

    // ---- RemoveItems ----------------------------------------------------------------------------

    /**
     * {@code value} without the map keys and list items in {@code toRemove} (and with what is below
     * removed recursively). A map or list left with nothing becomes JSON null, as in structured-merge-diff.
     */
    static JsonNode removeItems(JsonNode value, FieldSet toRemove, FieldType type) {
        JsonNode out = remove(value, toRemove, type);
        return out == null ? NullNode.getInstance() : out;
    }

    private static JsonNode remove(JsonNode v, FieldSet toRemove, FieldType t) {
        FieldType a = t.resolve(v);
        switch (a.handler()) {
            case SCALAR -> {
                return v == null || v.isNull() ? null : v.deepCopy();
            }
            case LIST -> {
                FieldType.ListShape list = a.listShape();
                ArrayNode items = listOf(v);
                if (items == null || items.isEmpty() || list.atomic()) {
                    return null;
                }
                ArrayNode out = Values.array();
                for (JsonNode item : items) {
                    PathElement pe;
                    try {
                        pe = itemElement(list, item);
                    } catch (ItemException e) {
                        out.add(item.deepCopy());
                        continue;
                    }
                    if (toRemove.has(List.of(pe))) {
                        continue;
                    }
                    FieldSet below = toRemove.withPrefix(pe);
                    out.add(below.isEmpty() ? item.deepCopy() : removeItems(item, below, orDeduced(list.elementType)));
                }
                return out.isEmpty() ? null : out;
            }
            case MAP -> {
                FieldType.MapShape map = a.mapShape();
                ObjectNode fields = mapOf(v);
                if (fields == null || fields.isEmpty() || map.atomic) {
                    return null;
                }
                ObjectNode out = Values.object();
                for (Map.Entry<String, JsonNode> e : fields.properties()) {
                    PathElement pe = new PathElement.Field(e.getKey());
                    if (toRemove.has(List.of(pe))) {
                        continue;
                    }
                    FieldSet below = toRemove.withPrefix(pe);
                    out.set(e.getKey(), below.isEmpty() ? e.getValue().deepCopy()
                            : removeItems(e.getValue(), below, orDeduced(map.typeOf(e.getKey()))));
                }
                return out.isEmpty() ? null : out;
            }
            default -> {
                return null;
            }
        }
    }

    // ---- validation -----------------------------------------------------------------------------

    /** One problem with an applied configuration, at a path as kube prints it. */
    record Problem(String path, String message) {
        @Override
        public String toString() {
            return path.isEmpty() ? message : path + ": " + message;
        }
    }

    /** How structured-merge-diff joins several problems. */
    static String describe(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        StringBuilder out = new StringBuilder("errors:");
        problems.forEach(p -> out.append("\n  ").append(p));
        return out.toString();
    }

    /**
     * The checks structured-merge-diff makes when it types an applied configuration: fields the schema
     * does not declare, list items without their keys, duplicated keys, values of the wrong kind.
     */
    static List<Problem> validate(JsonNode value, FieldType type) {
        List<Problem> problems = new ArrayList<>();
        validate(List.of(), value, type, problems);
        return problems;
    }

    private static void validate(List<PathElement> path, JsonNode v, FieldType t, List<Problem> problems) {
        FieldType a = t.resolve(v);
        String at = PathElement.toString(path);
        switch (a.handler()) {
            case SCALAR -> {
                String problem = scalarProblem(a.scalar(), v);
                if (problem != null) {
                    problems.add(new Problem(at, problem));
                }
            }
            case LIST -> {
                if (Values.isNull(v)) {
                    return;
                }
                if (!v.isArray()) {
                    problems.add(new Problem(at, "expected list, got &{" + goV(v) + "}"));
                    return;
                }
                FieldType.ListShape list = a.listShape();
                Set<PathElement> keys = new TreeSet<>();
                for (int i = 0; i < v.size(); i++) {
                    JsonNode item = v.get(i);
                    PathElement pe;
                    if (list.atomic()) {
                        pe = new PathElement.Index(i);
                    } else {
                        try {
                            pe = itemElement(list, item);
                        } catch (ItemException e) {
                            problems.add(new Problem(at, "element " + i + ": " + e.getMessage()));
                            return;
                        }
                        if (!keys.add(pe)) {
                            problems.add(new Problem(at, "duplicate entries for key " + pe));
                        }
                    }
                    validate(child(path, pe), item, orDeduced(list.elementType), problems);
                }
            }
            case MAP -> {
                if (Values.isNull(v)) {
                    return;
                }
                if (!v.isObject()) {
                    problems.add(new Problem(at, "expected map, got &{" + goV(v) + "}"));
                    return;
                }
                FieldType.MapShape map = a.mapShape();
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    List<PathElement> fieldPath = child(path, new PathElement.Field(e.getKey()));
                    FieldType type = map.typeOf(e.getKey());
                    if (type == null) {
                        problems.add(new Problem(PathElement.toString(fieldPath), "field not declared in schema"));
                        return;
                    }
                    validate(fieldPath, e.getValue(), type, problems);
                }
            }
            case INVALID -> problems.add(new Problem(at, "schema error: invalid atom: inlined"));
        }
    }

    private static String scalarProblem(FieldType.Scalar kind, JsonNode v) {
        if (Values.isNull(v)) {
            return null;
        }
        return switch (kind) {
            case NUMERIC -> v.isNumber() ? null : "expected numeric (int or float), got " + goTypeName(v);
            case STRING -> v.isTextual() ? null : "expected string, got &value.valueUnstructured{Value:" + goSharpV(v) + "}";
            case BOOLEAN -> v.isBoolean() ? null : "expected boolean, got &{" + goV(v) + "}";
            case UNTYPED -> Values.isScalar(v) ? null : "expected any scalar, got &{" + goV(v) + "}";
        };
    }

    private static String goTypeName(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "[]interface {}";
        }
        if (v.isObject()) {
            return "map[string]interface {}";
        }
        return v.isIntegralNumber() ? "int64" : "float64";
    }

    /** Go's {@code %v} of an unstructured value. */
    private static String goV(JsonNode v) {
        if (Values.isNull(v)) {
            return "<nil>";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isFloatingPointNumber()) {
            return Values.goFloatVerb(v.doubleValue());
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(item -> parts.add(goV(item)));
            return "[" + String.join(" ", parts) + "]";
        }
        TreeSet<String> keys = new TreeSet<>();
        v.fieldNames().forEachRemaining(keys::add);
        return keys.stream().map(k -> k + ":" + goV(v.get(k))).collect(Collectors.joining(" ", "map[", "]"));
    }

    /** Go's {@code %#v} of an unstructured scalar. */
    private static String goSharpV(JsonNode v) {
        if (v.isTextual()) {
            return Values.goQuote(v.textValue());
        }
        if (v.isArray()) {
            return "[]interface {}{...}";
        }
        if (v.isObject()) {
            return "map[string]interface {}{...}";
        }
        return goV(v);
    }
}
