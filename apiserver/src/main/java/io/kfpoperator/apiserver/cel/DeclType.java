package io.kfpoperator.apiserver.cel;

import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL type of a schema node as kube-apiserver declares it (its {@code DeclType}), with the two size facts its cost
 * estimator uses: {@link #maxElements} (the largest size() a value can have: items, properties, characters) and
 * {@link #minSerializedSize} (the fewest JSON bytes a value takes, from which the number of values that fit in one
 * request is derived).
 */
final class DeclType {

    /** kube-apiserver's largest accepted request (3 MiB); unbounded sizes are estimated from it. */
    static final long MAX_REQUEST_SIZE_BYTES = 3L * 1024 * 1024;
    // Serialized sizes kube-apiserver assumes (k8s.io/apiserver/pkg/cel/limits.go).
    static final long MAX_DURATION_SIZE_JSON = 32;
    static final long MAX_DATETIME_SIZE_JSON = 32;
    static final long MIN_DURATION_SIZE_JSON = 3;
    static final long JSON_DATE_SIZE = 12;
    static final long MIN_DATETIME_SIZE_JSON = 21;
    static final long MIN_STRING_SIZE = 2;
    static final long MIN_NUMBER_SIZE = 1;
    static final long MIN_BOOL_SIZE = 4;

    enum Kind { OBJECT, MAP, LIST, SIMPLE }

    /** A declared property: its CEL (escaped) name, its name in JSON and its type. */
    record Field(String celName, String jsonName, DeclType type, boolean required) {
    }

    final Kind kind;
    final CelType celType;
    /** Object fields by CEL name; empty for other kinds. */
    final Map<String, Field> fields;
    final DeclType elemType;
    final long maxElements;
    final long minSerializedSize;
    final StructuralSchema schema;

    private DeclType(Kind kind, CelType celType, Map<String, Field> fields, DeclType elemType, long maxElements,
                     long minSerializedSize, StructuralSchema schema) {
        this.kind = kind;
        this.celType = celType;
        this.fields = fields;
        this.elemType = elemType;
        this.maxElements = maxElements;
        this.minSerializedSize = minSerializedSize;
        this.schema = schema;
    }

    /** The key type of maps: always string in OpenAPI. */
    DeclType keyType() {
        return kind == Kind.MAP ? STRING_KEY : null;
    }

    private static final DeclType STRING_KEY =
            new DeclType(Kind.SIMPLE, SimpleType.STRING, Map.of(), null, 0, MIN_STRING_SIZE, null);

    /**
     * kube-apiserver's SchemaDeclType: the CEL type of values at {@code s}, or null where the schema is not exposed to
     * rules (no type, or a list/map of unexposed values). Object types are named by their path from {@code name}
     * ({@code name.spec}, {@code name.items.@idx}, {@code name.labels.@elem}), as kube-apiserver names them.
     */
    static DeclType of(StructuralSchema s, boolean isResourceRoot, String name) {
        if (s == null) {
            return null;
        }
        if (s.intOrString) {
            // int-or-string is dyn: rules must check type() before using it.
            long max = s.maxLength != null ? zeroIfNegative(s.maxLength) * 4 : MAX_REQUEST_SIZE_BYTES - 2;
            return new DeclType(Kind.SIMPLE, SimpleType.DYN, Map.of(), null, max, 1, s);
        }
        if (isResourceRoot) {
            s = s.withTypeAndObjectMeta();
        }
        if (s.type == null) {
            return null;
        }
        switch (s.type) {
            case "array": {
                if (s.items == null) {
                    return null;
                }
                DeclType items = of(s.items, s.items.embeddedResource, name + ".@idx");
                if (items == null) {
                    return null;
                }
                long maxItems = s.maxItems != null ? zeroIfNegative(s.maxItems)
                        : (MAX_REQUEST_SIZE_BYTES - 2) / (items.minSerializedSize + 1); // [ ] and one comma per item
                return new DeclType(Kind.LIST, ListType.create(items.celType), Map.of(), items, maxItems, 2, s);
            }
            case "object": {
                if (s.additionalProperties != null) {
                    DeclType values = of(s.additionalProperties, s.additionalProperties.embeddedResource, name + ".@elem");
                    if (values == null) {
                        return null;
                    }
                    // "key": value, with the shortest key: 2 quotes, a colon, a comma and 2 for the smallest key
                    long maxProps = s.maxProperties != null ? zeroIfNegative(s.maxProperties)
                            : (MAX_REQUEST_SIZE_BYTES - 2) / (values.minSerializedSize + 6);
                    return new DeclType(Kind.MAP, MapType.create(SimpleType.STRING, values.celType), Map.of(), values,
                            maxProps, 2, s);
                }
                Map<String, Field> fields = new LinkedHashMap<>();
                long minSize = 2; // {}
                for (Map.Entry<String, StructuralSchema> p : s.properties.entrySet()) {
                    Optional<String> celName = CelNames.escape(p.getKey());
                    DeclType fieldType = of(p.getValue(), p.getValue().embeddedResource,
                            name + "." + celName.orElse(p.getKey()));
                    if (fieldType == null) {
                        continue;
                    }
                    boolean required = s.required.contains(p.getKey());
                    celName.ifPresent(n -> fields.put(n, new Field(n, p.getKey(), fieldType, required)));
                    // Required properties without a default must be sent: "name": value plus a comma.
                    if (required && !p.getValue().hasDefault) {
                        minSize += p.getKey().length() + fieldType.minSerializedSize + 4;
                    }
                }
                Map<String, Field> frozen = Collections.unmodifiableMap(fields);
                Map<String, CelType> fieldTypes = new LinkedHashMap<>();
                frozen.forEach((n, f) -> fieldTypes.put(n, f.type.celType));
                StructType struct = StructType.create(name, ImmutableSet.copyOf(fieldTypes.keySet()),
                        f -> Optional.ofNullable(fieldTypes.get(f)));
                return new DeclType(Kind.OBJECT, struct, frozen, null, 0, minSize, s);
            }
            case "string": {
                String format = s.format == null ? "" : s.format;
                switch (format) {
                    case "byte":
                        return new DeclType(Kind.SIMPLE, SimpleType.BYTES, Map.of(), null,
                                s.maxLength != null ? zeroIfNegative(s.maxLength) : MAX_REQUEST_SIZE_BYTES - 2,
                                MIN_STRING_SIZE, s);
                    case "duration":
                        return new DeclType(Kind.SIMPLE, SimpleType.DURATION, Map.of(), null, MAX_DURATION_SIZE_JSON,
                                MIN_DURATION_SIZE_JSON, s);
                    case "date":
                        return new DeclType(Kind.SIMPLE, SimpleType.TIMESTAMP, Map.of(), null, JSON_DATE_SIZE,
                                JSON_DATE_SIZE, s);
                    case "date-time":
                        return new DeclType(Kind.SIMPLE, SimpleType.TIMESTAMP, Map.of(), null, MAX_DATETIME_SIZE_JSON,
                                MIN_DATETIME_SIZE_JSON, s);
                    default:
                        long max;
                        if (s.maxLength != null) {
                            // maxLength counts code points; a code point takes up to 4 bytes
                            max = zeroIfNegative(s.maxLength) * 4;
                        } else if (!s.enumValues.isEmpty()) {
                            max = s.enumValues.stream().filter(v -> v.isTextual()).mapToLong(v -> v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                                    .max().orElse(0);
                        } else {
                            max = MAX_REQUEST_SIZE_BYTES - 2;
                        }
                        return new DeclType(Kind.SIMPLE, SimpleType.STRING, Map.of(), null, max, MIN_STRING_SIZE, s);
                }
            }
            case "boolean":
                return new DeclType(Kind.SIMPLE, SimpleType.BOOL, Map.of(), null, 0, MIN_BOOL_SIZE, s);
            case "number":
                return new DeclType(Kind.SIMPLE, SimpleType.DOUBLE, Map.of(), null, 0, MIN_NUMBER_SIZE, s);
            case "integer":
                return new DeclType(Kind.SIMPLE, SimpleType.INT, Map.of(), null, 0, MIN_NUMBER_SIZE, s);
            default:
                return null;
        }
    }

    /** Every object type declared in this type's tree, for the compiler's type provider. */
    void collectStructTypes(List<CelType> out) {
        if (kind == Kind.OBJECT) {
            out.add(celType);
            fields.values().forEach(f -> f.type.collectStructTypes(out));
        } else if (elemType != null) {
            elemType.collectStructTypes(out);
        }
    }

    /** The field with this CEL name, or null. */
    Field field(String celName) {
        return fields.get(celName);
    }

    Set<String> fieldNames() {
        return fields.keySet();
    }

    private static long zeroIfNegative(long v) {
        return Math.max(0, v);
    }
}
