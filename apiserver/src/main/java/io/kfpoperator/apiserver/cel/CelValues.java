package io.kfpoperator.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Custom resource JSON as CEL values, typed by the schema as kube-apiserver's UnstructuredToVal types them: objects
 * with declared properties and maps are {@link Map}s, lists {@link List}s, integers {@code Long}, numbers
 * {@code Double}, date and date-time strings {@link Instant}, durations {@link Duration}, byte strings
 * {@link CelByteString}. Objects and lists convert their members lazily, on access, so a rule only pays for what it
 * reads, and a member that does not fit its schema (null where not nullable, a malformed date-time) fails the rule
 * that reads it, as in kube-apiserver.
 */
final class CelValues {

    private CelValues() {
    }

    /** The CEL value of {@code json} typed by {@code type}. */
    static Object of(JsonNode json, DeclType type) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            if (type.schema != null && type.schema.nullable) {
                return NullValue.NULL_VALUE;
            }
            throw new IllegalArgumentException("invalid data, got null for schema with nullable=false");
        }
        StructuralSchema s = type.schema;
        if (s != null && s.intOrString) {
            if (json.isTextual()) {
                return json.asText();
            }
            if (json.isIntegralNumber()) {
                return json.asLong();
            }
            throw new IllegalArgumentException(
                    "invalid data, expected XIntOrString value to be either a string or integer");
        }
        switch (type.kind) {
            case OBJECT:
                if (!json.isObject()) {
                    throw new IllegalArgumentException("invalid data, expected a map for the provided schema with type=object");
                }
                return new ObjectValue(json, type);
            case MAP:
                if (!json.isObject()) {
                    throw new IllegalArgumentException("invalid data, expected a map for the provided schema with type=object");
                }
                return new MapValue(json, type);
            case LIST:
                if (!json.isArray()) {
                    throw new IllegalArgumentException("invalid data, expected an array for the provided schema with type=array");
                }
                return new ListValue(json, type);
            default:
                return scalar(json, type);
        }
    }

    private static Object scalar(JsonNode json, DeclType type) {
        String schemaType = type.schema == null ? "" : type.schema.typeName();
        switch (schemaType) {
            case "string": {
                if (!json.isTextual()) {
                    throw new IllegalArgumentException("invalid data, expected string, got " + goType(json));
                }
                String str = json.asText();
                String format = type.schema.format == null ? "" : type.schema.format;
                switch (format) {
                    case "duration":
                        return parseDuration(str);
                    case "date":
                        try {
                            return LocalDate.parse(str).atStartOfDay(ZoneOffset.UTC).toInstant();
                        } catch (DateTimeParseException e) {
                            throw new IllegalArgumentException("Invalid date formatted string " + str + ": " + e.getMessage());
                        }
                    case "date-time":
                        try {
                            return OffsetDateTime.parse(str.replace(' ', 'T').toUpperCase()).toInstant();
                        } catch (DateTimeParseException e) {
                            throw new IllegalArgumentException("Invalid date-time formatted string " + str + ": " + e.getMessage());
                        }
                    case "byte":
                        try {
                            return CelByteString.of(Base64.getDecoder().decode(str));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("Invalid byte formatted string " + str + ": " + e.getMessage());
                        }
                    default:
                        return str;
                }
            }
            case "number":
                if (!json.isNumber()) {
                    throw new IllegalArgumentException("invalid data, expected float, got " + goType(json));
                }
                return json.asDouble();
            case "integer":
                if (!json.isIntegralNumber() || !json.canConvertToLong()) {
                    throw new IllegalArgumentException("invalid data, expected int, got " + goType(json));
                }
                return json.asLong();
            case "boolean":
                if (!json.isBoolean()) {
                    throw new IllegalArgumentException("invalid data, expected bool, got " + goType(json));
                }
                return json.asBoolean();
            default:
                return plain(json);
        }
    }

    /** Untyped data (x-kubernetes-preserve-unknown-fields) as plain values, good for equality only. */
    static Object plain(JsonNode json) {
        if (json == null || json.isNull()) {
            return NullValue.NULL_VALUE;
        }
        if (json.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            json.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (json.isArray()) {
            List<Object> l = new ArrayList<>();
            json.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (json.isIntegralNumber()) {
            return json.asLong();
        }
        if (json.isNumber()) {
            return json.asDouble();
        }
        if (json.isBoolean()) {
            return json.asBoolean();
        }
        return json.asText();
    }

    private static String goType(JsonNode json) {
        if (json.isTextual()) {
            return "string";
        }
        if (json.isIntegralNumber()) {
            return "int64";
        }
        if (json.isNumber()) {
            return "float64";
        }
        if (json.isBoolean()) {
            return "bool";
        }
        if (json.isObject()) {
            return "map[string]interface {}";
        }
        if (json.isArray()) {
            return "[]interface {}";
        }
        return "<nil>";
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(ns|us|µs|ms|s|m|h|d|w)");

    /** Go durations ("1h30m", "250ms"), plus days and weeks as OpenAPI's duration format also accepts them. */
    static Duration parseDuration(String str) {
        String s = str.trim();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(s);
        int at = 0;
        double nanos = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                case "d" -> 86400e9;
                default -> 7 * 86400e9;
            };
            at = m.end();
        }
        if (at == 0 || at != s.length()) {
            throw new IllegalArgumentException("Invalid duration " + str + ": time: invalid duration \"" + str + "\"");
        }
        Duration d = Duration.ofNanos((long) nanos);
        return negative ? d.negated() : d;
    }

    /** A typed object: the declared properties present in the JSON, by CEL name. */
    static final class ObjectValue extends AbstractMap<String, Object> {
        private final JsonNode json;
        private final DeclType type;
        private final Map<String, Object> converted = new HashMap<>();

        ObjectValue(JsonNode json, DeclType type) {
            this.json = json;
            this.type = type;
        }

        @Override
        public Object get(Object key) {
            if (!(key instanceof String name)) {
                return null;
            }
            Object cached = converted.get(name);
            if (cached != null) {
                return cached;
            }
            DeclType.Field field = type.field(name);
            if (field == null || !json.has(field.jsonName())) {
                return null;
            }
            Object value = of(json.get(field.jsonName()), field.type());
            converted.put(name, value);
            return value;
        }

        @Override
        public boolean containsKey(Object key) {
            if (!(key instanceof String name)) {
                return false;
            }
            DeclType.Field field = type.field(name);
            return field != null && json.has(field.jsonName());
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            List<String> present = new ArrayList<>();
            for (DeclType.Field f : type.fields.values()) {
                if (json.has(f.jsonName())) {
                    present.add(f.celName());
                }
            }
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<String> names = present.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return names.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            String n = names.next();
                            return new SimpleImmutableEntry<>(n, get(n));
                        }
                    };
                }

                @Override
                public int size() {
                    return present.size();
                }
            };
        }

        @Override
        public int size() {
            int n = 0;
            for (DeclType.Field f : type.fields.values()) {
                if (json.has(f.jsonName())) {
                    n++;
                }
            }
            return n;
        }
    }

    /** A map from additionalProperties. */
    static final class MapValue extends AbstractMap<String, Object> {
        private final JsonNode json;
        private final DeclType type;
        private final Map<String, Object> converted = new HashMap<>();

        MapValue(JsonNode json, DeclType type) {
            this.json = json;
            this.type = type;
        }

        @Override
        public Object get(Object key) {
            if (!(key instanceof String name) || !json.has(name)) {
                return null;
            }
            return converted.computeIfAbsent(name, n -> of(json.get(n), type.elemType));
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && json.has(name);
        }

        @Override
        public int size() {
            return json.size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<String> names = json.fieldNames();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return names.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            String n = names.next();
                            return new SimpleImmutableEntry<>(n, get(n));
                        }
                    };
                }

                @Override
                public int size() {
                    return json.size();
                }
            };
        }
    }

    /** A list; its x-kubernetes-list-type decides what equality means (order matters only for atomic lists). */
    static final class ListValue extends AbstractList<Object> {
        private final JsonNode json;
        private final DeclType type;
        private final Object[] converted;

        ListValue(JsonNode json, DeclType type) {
            this.json = json;
            this.type = type;
            this.converted = new Object[json.size()];
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= converted.length) {
                throw new IndexOutOfBoundsException("index out of bounds: " + index);
            }
            Object v = converted[index];
            if (v == null) {
                v = of(json.get(index), type.elemType);
                converted[index] = v;
            }
            return v;
        }

        @Override
        public int size() {
            return converted.length;
        }

        String listType() {
            return type.schema == null || type.schema.listType == null ? "atomic" : type.schema.listType;
        }

        List<String> mapKeys() {
            return type.schema.listMapKeys;
        }
    }

    // ---- equality, as kube-apiserver's values define it ----

    /**
     * CEL equality over these values with kube-apiserver's list semantics: set lists ignore order, map lists compare
     * by their keys; numbers compare across int and double; values of different types are unequal.
     */
    static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof Double || y instanceof Double || x instanceof Float || y instanceof Float) {
                return x.doubleValue() == y.doubleValue();
            }
            return x.longValue() == y.longValue()
                    && (x.longValue() >= 0 || !(x instanceof com.google.common.primitives.UnsignedLong)
                    && !(y instanceof com.google.common.primitives.UnsignedLong));
        }
        if (a instanceof Optional<?> x && b instanceof Optional<?> y) {
            return x.isPresent() == y.isPresent() && (x.isEmpty() || equal(x.get(), y.get()));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            String listType = a instanceof ListValue lv ? lv.listType() : b instanceof ListValue lv2 ? lv2.listType() : "atomic";
            if (listType.equals("set")) {
                for (Object e : x) {
                    if (y.stream().noneMatch(o -> equal(e, o))) {
                        return false;
                    }
                }
                for (Object e : y) {
                    if (x.stream().noneMatch(o -> equal(e, o))) {
                        return false;
                    }
                }
                return true;
            }
            if (listType.equals("map")) {
                List<String> keys = a instanceof ListValue lv ? lv.mapKeys() : ((ListValue) b).mapKeys();
                for (Object e : x) {
                    Object match = y.stream().filter(o -> sameKeys(e, o, keys)).findFirst().orElse(null);
                    if (match == null || !equal(e, match)) {
                        return false;
                    }
                }
                return true;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean sameKeys(Object a, Object b, List<String> keys) {
        if (!(a instanceof Map<?, ?> x) || !(b instanceof Map<?, ?> y)) {
            return false;
        }
        for (String k : keys) {
            String celKey = CelNames.escape(k).orElse(k);
            if (!equal(x.get(celKey), y.get(celKey))) {
                return false;
            }
        }
        return true;
    }

    /** size() of a value as the runtime cost model counts it: characters, bytes, items, entries; 1 for scalars. */
    static long actualSize(Object v) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof CelByteString b) {
            return b.size();
        }
        if (v instanceof com.google.protobuf.ByteString b) {
            return b.size();
        }
        if (v instanceof List<?> l) {
            return l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        if (v instanceof Optional<?> o && o.isPresent()) {
            return actualSize(o.get());
        }
        return 1;
    }
}
