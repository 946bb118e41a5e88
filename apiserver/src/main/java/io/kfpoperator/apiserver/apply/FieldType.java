package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The merge topology of one place in an object, what structured-merge-diff calls an atom: it may
 * accept a scalar, a map and a list at once (an untyped field), and the value present decides
 * which applies.
 *
 * <ul>
 *   <li>a <b>map</b> has declared fields (a struct: the field itself is not owned unless it is null or
 *       an empty object, only what is inside) and/or an element type for other keys (a map: each key is
 *       owned); it is <i>granular</i> (keys merge and are owned separately) or <i>atomic</i> (replaced
 *       and owned whole). An <i>open</i> map declares every key, as built-in types without a schema at
 *       hand are treated here;</li>
 *   <li>a <b>list</b> is atomic (replaced whole), a set of scalars (items owned as {@code v:}), or a map
 *       keyed by one or more item fields (items owned as {@code k:{...}});</li>
 *   <li>a <b>scalar</b> is a leaf.</li>
 * </ul>
 *
 * <p>Instances are immutable; the factories build the shapes kube-apiserver derives from OpenAPI
 * ({@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys}, {@code x-kubernetes-map-type},
 * {@code x-kubernetes-preserve-unknown-fields}).
 */
public final class FieldType {

    /** Scalar kinds, as the schema's {@code type} gives them. */
    public enum Scalar { STRING, NUMERIC, BOOLEAN, UNTYPED }

    /** {@code x-kubernetes-list-type}. */
    public enum ListType { ATOMIC, SET, MAP }

    /** A map's topology. */
    static final class MapShape {
        final Map<String, FieldType> fields;
        final Map<String, JsonNode> defaults;
        FieldType elementType;          // null: keys outside fields are not declared
        final boolean open;             // every key is a declared field
        final boolean atomic;

        MapShape(Map<String, FieldType> fields, Map<String, JsonNode> defaults, FieldType elementType, boolean open, boolean atomic) {
            this.fields = fields;
            this.defaults = defaults;
            this.elementType = elementType;
            this.open = open;
            this.atomic = atomic;
        }

        /** The type of the value under {@code key}, or null when the schema does not declare it. */
        FieldType typeOf(String key) {
            FieldType declared = fields.get(key);
            if (declared != null) {
                return declared;
            }
            return elementType;
        }

        /** structured-merge-diff's {@code FindField}: whether {@code key} is a named field (not a map key). */
        boolean isNamedField(String key) {
            return open || fields.containsKey(key);
        }

        JsonNode defaultOf(String key) {
            return defaults.get(key);
        }
    }

    /** A list's topology. */
    static final class ListShape {
        final ListType type;
        final List<String> keys;
        FieldType elementType;

        ListShape(ListType type, List<String> keys, FieldType elementType) {
            this.type = type;
            this.keys = keys;
            this.elementType = elementType;
        }

        boolean atomic() {
            return type == ListType.ATOMIC;
        }
    }

    private final Scalar scalar;
    private final MapShape map;
    private final ListShape list;
    private FieldType mapView;
    private FieldType listView;
    private FieldType scalarView;

    private FieldType(Scalar scalar, MapShape map, ListShape list) {
        this.scalar = scalar;
        this.map = map;
        this.list = list;
    }

    private static final FieldType UNTYPED_SCALAR = new FieldType(Scalar.UNTYPED, null, null);
    private static final FieldType STRING = new FieldType(Scalar.STRING, null, null);
    private static final FieldType NUMERIC = new FieldType(Scalar.NUMERIC, null, null);
    private static final FieldType BOOLEAN = new FieldType(Scalar.BOOLEAN, null, null);

    /** {@code __untyped_atomic_}: any value, lists and maps replaced whole. */
    private static final FieldType ATOMIC_UNTYPED;
    /** {@code __untyped_deduced_}: any value; maps granular with undeclared keys, lists atomic. */
    private static final FieldType DEDUCED;
    /** Any value; maps granular with every key a named field, lists atomic. */
    private static final FieldType OPEN;

    static {
        MapShape atomicMap = new MapShape(Map.of(), Map.of(), null, false, true);
        ListShape atomicList = new ListShape(ListType.ATOMIC, List.of(), null);
        ATOMIC_UNTYPED = new FieldType(Scalar.UNTYPED, atomicMap, atomicList);
        atomicMap.elementType = ATOMIC_UNTYPED;
        atomicList.elementType = ATOMIC_UNTYPED;

        MapShape deducedMap = new MapShape(Map.of(), Map.of(), null, false, false);
        DEDUCED = new FieldType(Scalar.UNTYPED, deducedMap, new ListShape(ListType.ATOMIC, List.of(), ATOMIC_UNTYPED));
        deducedMap.elementType = DEDUCED;

        MapShape openMap = new MapShape(Map.of(), Map.of(), null, true, false);
        ListShape openList = new ListShape(ListType.ATOMIC, List.of(), null);
        OPEN = new FieldType(Scalar.UNTYPED, openMap, openList);
        openMap.elementType = OPEN;
        openList.elementType = OPEN;
    }

    // ---- factories ------------------------------------------------------------------------------

    public static FieldType string() {
        return STRING;
    }

    public static FieldType numeric() {
        return NUMERIC;
    }

    public static FieldType bool() {
        return BOOLEAN;
    }

    /** A scalar of any kind (e.g. {@code int-or-string}, {@code date-time}). */
    public static FieldType untypedScalar() {
        return UNTYPED_SCALAR;
    }

    /** Any value, as under {@code x-kubernetes-preserve-unknown-fields}: maps granular, lists atomic. */
    public static FieldType untyped() {
        return DEDUCED;
    }

    /** Any value, replaced and owned whole. */
    public static FieldType atomicUntyped() {
        return ATOMIC_UNTYPED;
    }

    /**
     * Any value where every map key counts as a struct field and lists are atomic: the default for
     * built-in kinds outside the small table {@link MergeRules#builtin} knows.
     */
    public static FieldType open() {
        return OPEN;
    }

    /** A struct: these fields and no others. */
    public static FieldType struct(Map<String, FieldType> fields) {
        return new FieldType(null, new MapShape(copy(fields), Map.of(), null, false, false), null);
    }

    /** A struct that also accepts undeclared keys, each typed {@code extra} (a map key, not a field). */
    public static FieldType struct(Map<String, FieldType> fields, FieldType extra) {
        return new FieldType(null, new MapShape(copy(fields), Map.of(), extra, false, false), null);
    }

    /** A struct whose undeclared keys are fields too, typed {@link #open()}. */
    public static FieldType openStruct(Map<String, FieldType> fields) {
        return new FieldType(null, new MapShape(copy(fields), Map.of(), OPEN, true, false), null);
    }

    /** A granular map of {@code element} values (e.g. labels). */
    public static FieldType map(FieldType element) {
        return new FieldType(null, new MapShape(Map.of(), Map.of(), Objects.requireNonNull(element), false, false), null);
    }

    public static FieldType atomicList(FieldType element) {
        return new FieldType(null, null, new ListShape(ListType.ATOMIC, List.of(), Objects.requireNonNull(element)));
    }

    public static FieldType setList(FieldType element) {
        return new FieldType(null, null, new ListShape(ListType.SET, List.of(), Objects.requireNonNull(element)));
    }

    public static FieldType mapList(FieldType element, String... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("a map list needs at least one key");
        }
        return new FieldType(null, null, new ListShape(ListType.MAP, List.of(keys), Objects.requireNonNull(element)));
    }

    /** The general form: any combination of a scalar, a map and a list. */
    static FieldType union(Scalar scalar, MapShape map, ListShape list) {
        return new FieldType(scalar, map, list);
    }

    static MapShape mapShape(Map<String, FieldType> fields, Map<String, JsonNode> defaults, FieldType elementType, boolean open, boolean atomic) {
        return new MapShape(copy(fields), Collections.unmodifiableMap(new LinkedHashMap<>(defaults)), elementType, open, atomic);
    }

    static ListShape listShape(ListType type, List<String> keys, FieldType elementType) {
        return new ListShape(type, List.copyOf(keys), elementType);
    }

    /** This map replaced and owned whole ({@code x-kubernetes-map-type: atomic}). */
    public FieldType atomic() {
        if (map == null) {
            throw new IllegalStateException("only maps and structs can be made atomic; use atomicList for lists");
        }
        return new FieldType(scalar, new MapShape(map.fields, map.defaults, map.elementType, map.open, true), list);
    }

    /** This struct with a default for {@code field} (matters for list-map keys an item omits). */
    public FieldType withDefault(String field, JsonNode value) {
        if (map == null) {
            throw new IllegalStateException("defaults belong to struct fields");
        }
        Map<String, JsonNode> defaults = new LinkedHashMap<>(map.defaults);
        defaults.put(field, value);
        return new FieldType(scalar, new MapShape(map.fields, Collections.unmodifiableMap(defaults), map.elementType, map.open, map.atomic), list);
    }

    /** This struct with one more (or a replaced) field. */
    public FieldType withField(String field, FieldType type) {
        if (map == null) {
            throw new IllegalStateException("fields belong to structs");
        }
        Map<String, FieldType> fields = new LinkedHashMap<>(map.fields);
        fields.put(field, type);
        return new FieldType(scalar, new MapShape(Collections.unmodifiableMap(fields), map.defaults, map.elementType, map.open, map.atomic), list);
    }

    private static Map<String, FieldType> copy(Map<String, FieldType> fields) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    // ---- views used by the algorithms ----------------------------------------------------------

    Scalar scalar() {
        return scalar;
    }

    MapShape mapShape() {
        return map;
    }

    ListShape listShape() {
        return list;
    }

    /**
     * {@code deduceAtom}: the part of this type that fits {@code value}; the whole type when nothing
     * fits or the value is absent or null.
     */
    FieldType resolve(JsonNode value) {
        if (Values.isNull(value)) {
            return this;
        }
        if (value.isObject()) {
            return map == null ? this : mapView();
        }
        if (value.isArray()) {
            return list == null ? this : listView();
        }
        return scalar == null ? this : scalarView();
    }

    private boolean single() {
        int parts = (scalar != null ? 1 : 0) + (map != null ? 1 : 0) + (list != null ? 1 : 0);
        return parts == 1;
    }

    private FieldType mapView() {
        if (single()) {
            return this;
        }
        if (mapView == null) {
            mapView = new FieldType(null, map, null);
        }
        return mapView;
    }

    private FieldType listView() {
        if (single()) {
            return this;
        }
        if (listView == null) {
            listView = new FieldType(null, null, list);
        }
        return listView;
    }

    private FieldType scalarView() {
        if (single()) {
            return this;
        }
        if (scalarView == null) {
            scalarView = new FieldType(scalar, null, null);
        }
        return scalarView;
    }

    /** What {@code handleAtom} does with this (resolved) type: maps first, then scalars, then lists. */
    Handler handler() {
        if (map != null) {
            return Handler.MAP;
        }
        if (scalar != null) {
            return Handler.SCALAR;
        }
        if (list != null) {
            return Handler.LIST;
        }
        return Handler.INVALID;
    }

    enum Handler { MAP, SCALAR, LIST, INVALID }

    /** Whether both resolved types are the same part of the schema. */
    boolean sameAtom(FieldType other) {
        return handler() == other.handler();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("FieldType[");
        if (scalar != null) {
            out.append("scalar=").append(scalar).append(' ');
        }
        if (map != null) {
            out.append(map.atomic ? "atomic " : "").append(map.open ? "open " : "").append("map").append(map.fields.keySet()).append(' ');
        }
        if (list != null) {
            out.append(list.type).append(" list").append(list.keys.isEmpty() ? "" : list.keys.toString());
        }
        return out.toString().trim() + "]";
    }
}
