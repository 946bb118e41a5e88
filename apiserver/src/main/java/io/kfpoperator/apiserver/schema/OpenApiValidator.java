package io.kfpoperator.apiserver.schema;

import io.kfpoperator.apiserver.golang.GoText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kfpoperator.apiserver.FieldError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation of a value against a schema as kube-apiserver does it for custom resources: the
 * kube-openapi SchemaValidator (its checks, their order, their messages, and the "match count"
 * by which it picks which failed anyOf/oneOf branch to report), then apiextensions-apiserver's
 * translation of its errors into field errors (kubeOpenAPIResultToFieldErrors).
 *
 * <p>One difference from Go: Go walks properties in random map order, this walks them in the
 * order of the object's fields, so messages come in a stable order.
 */
final class OpenApiValidator {

    private OpenApiValidator() {
    }

    /** kube-openapi's error codes, as far as they decide the field error. */
    enum Code {
        INVALID_TYPE, REQUIRED, TOO_LONG, TOO_SHORT, PATTERN, ENUM, MULTIPLE_OF, MAX, MIN, UNIQUE,
        MAX_ITEMS, MIN_ITEMS, TOO_FEW_PROPERTIES, TOO_MANY_PROPERTIES, UNALLOWED_PROPERTY,
        MULTIPLE_OF_MUST_BE_POSITIVE,
        /** Not a validation error but a plain one (anyOf, oneOf, allOf, not): reported at the root. */
        COMPOSITE
    }

    /** One kube-openapi error: its code, the path it names, the value and limit it carries, its text. */
    record Failure(Code code, String name, JsonNode value, long limit, List<JsonNode> enumValues, String message) {
    }

    /** kube-openapi's Result: errors without duplicate messages, and the count of checks that ran. */
    static final class Result {
        private List<Failure> errors;
        private Set<String> messages;
        int matchCount;

        void add(Failure failure) {
            if (errors == null) {
                errors = new ArrayList<>(2);
                messages = new HashSet<>();
            }
            if (messages.add(failure.message())) {
                errors.add(failure);
            }
        }

        void merge(Result other) {
            if (other == null) {
                return;
            }
            if (other.errors != null) {
                for (Failure f : other.errors) {
                    add(f);
                }
            }
            matchCount += other.matchCount;
        }

        boolean valid() {
            return errors == null;
        }

        List<Failure> errors() {
            return errors == null ? List.of() : errors;
        }
    }

    private enum Kind { NULL, BOOLEAN, STRING, INT, FLOAT, ARRAY, OBJECT }

    private static Kind kind(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Kind.NULL;
        }
        if (v.isTextual()) {
            return Kind.STRING;
        }
        if (v.isBoolean()) {
            return Kind.BOOLEAN;
        }
        if (v.isNumber()) {
            return GoText.isInt64(v) ? Kind.INT : Kind.FLOAT;
        }
        if (v.isArray()) {
            return Kind.ARRAY;
        }
        if (v.isObject()) {
            return Kind.OBJECT;
        }
        // Binary and other exotic nodes are strings once on the wire.
        return Kind.STRING;
    }

    /** Validates {@code data} against {@code s}; {@code path} is kube-openapi's path (Path.ROOT at the root). */
    static Result validate(SchemaNode s, Path path, JsonNode data) {
        Result r = new Result();
        validate(s, path, data, r);
        return r;
    }

    /**
     * Validates an update with kube-apiserver's ratcheting (CRDValidationRatcheting, on by
     * default in 1.32): errors of a value that did not change from {@code old} are dropped,
     * where old and new values correlate (same object key; same keys in a list-type map).
     */
    static Result validateUpdate(SchemaNode s, Path path, JsonNode data, JsonNode old) {
        Result r = new Result();
        ratchet(s, path, data, r, new Correlation(data, old, s));
        return r;
    }

    private static void validate(SchemaNode s, Path path, JsonNode data, Result r) {
        validate(s, path, data, r, null);
    }

    /**
     * kube-openapi's path of a value, rendered only when an error needs it: properties join with
     * '.' (none before the first), map keys and required names always get a '.', items [i].
     */
    static final class Path {
        static final Path ROOT = new Path(null, "", -1, false);
        private final Path parent;
        private final String name;
        private final int index;
        private final boolean alwaysDot;
        private String rendered;

        private Path(Path parent, String name, int index, boolean alwaysDot) {
            this.parent = parent;
            this.name = name;
            this.index = index;
            this.alwaysDot = alwaysDot;
        }

        boolean isRoot() {
            return parent == null;
        }

        Path property(String property) {
            return new Path(this, property, -1, false);
        }

        Path key(String key) {
            return new Path(this, key, -1, true);
        }

        Path index(int i) {
            return new Path(this, null, i, false);
        }

        @Override
        public String toString() {
            if (rendered == null) {
                if (parent == null) {
                    rendered = name;
                } else if (name == null) {
                    rendered = parent + "[" + index + "]";
                } else if (!alwaysDot && parent.toString().isEmpty()) {
                    rendered = name;
                } else {
                    rendered = parent + "." + name;
                }
            }
            return rendered;
        }
    }

    /** A node checked on its own: its errors go only if its value is the same as before. */
    private static void ratchet(SchemaNode s, Path path, JsonNode data, Result parent, Correlation correlation) {
        Result own = new Result();
        validate(s, path, data, own, correlation);
        if (!own.valid() && correlation.unchanged()) {
            parent.matchCount += own.matchCount;
        } else {
            parent.merge(own);
        }
    }

    /** A child: ratcheted when it correlates with an old value, checked plainly otherwise. */
    private static void validateChild(SchemaNode s, Path path, JsonNode data, Result r, Correlation child) {
        if (child == null) {
            validate(s, path, data, r, null);
        } else {
            ratchet(s, path, data, r, child);
        }
    }

    private static void validate(SchemaNode s, Path path, JsonNode data, Result r, Correlation correlation) {
        Kind kind = kind(data);
        if (kind == Kind.NULL) {
            // Only the type and the enum look at null (the type check runs even without a type).
            if (!s.types.isEmpty() && !s.nullable) {
                r.add(typeFailure(path, String.join(",", s.types), "null"));
            } else {
                r.matchCount++;
            }
            checkEnum(s, path, data, r);
            return;
        }
        if (!s.types.isEmpty() || !s.format.isEmpty()) {
            checkType(s, path, data, kind, r);
            r.matchCount++;
        }
        checkSchemaProps(s, path, data, r);
        r.matchCount++;
        if (kind == Kind.STRING) {
            checkString(s, path, data.asText(), data, r);
            r.matchCount++;
            if (Formats.known(s.format)) {
                if (!Formats.valid(s.format, data.asText())) {
                    r.add(typeFailure(path, s.format, data.asText(), data));
                }
                r.matchCount++;
            }
        }
        if (kind == Kind.INT || kind == Kind.FLOAT) {
            checkNumber(s, path, data, kind == Kind.INT, r);
            r.matchCount++;
        }
        if (kind == Kind.ARRAY) {
            checkSlice(s, path, data, r, correlation);
            r.matchCount++;
        }
        checkEnum(s, path, data, r);
        r.matchCount++;
        if (kind == Kind.OBJECT) {
            checkObject(s, path, data, r, correlation);
            r.matchCount++;
        }
        r.matchCount++;
    }

    // ---- type ----------------------------------------------------------------------------

    private static void checkType(SchemaNode s, Path path, JsonNode data, Kind kind, Result r) {
        String schType;
        String dataFormat;
        switch (kind) {
            case BOOLEAN -> {
                schType = "boolean";
                dataFormat = "";
            }
            case STRING -> {
                schType = "string";
                dataFormat = "";
            }
            case INT -> {
                schType = "integer";
                dataFormat = "int64";
            }
            case FLOAT -> {
                schType = "number";
                dataFormat = "float64";
            }
            case ARRAY -> {
                schType = "array";
                dataFormat = "";
            }
            default -> {
                schType = "object";
                dataFormat = "";
            }
        }
        List<String> types = s.types;
        boolean isFloatInt = kind == Kind.FLOAT && isFloat64AJsonInteger(data.doubleValue()) && types.contains("integer");
        boolean isIntFloat = kind == Kind.INT && types.contains("number");
        boolean stringOrSlice = kind == Kind.STRING || kind == Kind.ARRAY;
        if (!stringOrSlice && !s.format.isEmpty()
                && !(types.contains(schType) || dataFormat.equals(s.format) || isFloatInt || isIntFloat)) {
            r.add(typeFailure(path, s.format, dataFormat));
            return;
        }
        if (!(types.contains("number") || types.contains("integer")) && !s.format.isEmpty() && stringOrSlice) {
            r.matchCount++;
            return;
        }
        if (!(types.contains(schType) || isFloatInt || isIntFloat)) {
            r.add(typeFailure(path, String.join(",", types), schType));
            return;
        }
        r.matchCount++;
    }

    /** errors.InvalidType with a string value: "%s in body must be of type %s: %q". */
    private static Failure typeFailure(Path path, String typeName, String value) {
        return typeFailure(path, typeName, value, TextNode.valueOf(value));
    }

    private static Failure typeFailure(Path path, String typeName, String valueText, JsonNode value) {
        return new Failure(Code.INVALID_TYPE, path.toString(), value, 0, null,
                path + " in body must be of type " + typeName + ": " + GoText.quote(valueText));
    }

    /** go-openapi/swag's IsFloat64AJSONInteger (v0.23), including its tolerance of 1e-9 relative error. */
    static boolean isFloat64AJsonInteger(double f) {
        double max = 9007199254740991.0;
        if (Double.isNaN(f) || Double.isInfinite(f) || f < -max || f > max) {
            return false;
        }
        long truncated = (long) f;
        // Go's uint64(f) of a negative float on amd64 is the int64 bit pattern read unsigned.
        double g = truncated >= 0 ? (double) truncated : unsignedToDouble(truncated);
        double fa = Math.abs(f);
        double ga = Math.abs(g);
        double diff = Math.abs(f - g);
        if (f == g || f == (double) truncated) {
            return true;
        }
        if (f == 0 || g == 0 || diff < Double.MIN_VALUE) {
            return diff < (1e-9 * Double.MIN_VALUE);
        }
        return diff / Math.min(fa + ga, Double.MAX_VALUE) < 1e-9;
    }

    private static double unsignedToDouble(long bits) {
        double half = (double) ((bits >>> 1) | (bits & 1));
        return half * 2.0;
    }

    // ---- allOf, anyOf, oneOf, not ------------------------------------------------------------

    private static void checkSchemaProps(SchemaNode s, Path path, JsonNode data, Result r) {
        if (!s.anyOf.isEmpty()) {
            Result best = null;
            Result firstSuccess = null;
            for (SchemaNode branch : s.anyOf) {
                Result result = validate(branch, path, data);
                if (result.valid()) {
                    best = null;
                    firstSuccess = result;
                    break;
                }
                if (best == null || result.matchCount > best.matchCount) {
                    best = result;
                }
            }
            if (firstSuccess == null) {
                r.add(composite(GoText.quote(path.toString()) + " must validate at least one schema (anyOf)"));
            }
            r.merge(best != null ? best : firstSuccess);
        }
        if (!s.oneOf.isEmpty()) {
            Result best = null;
            Result firstSuccess = null;
            int validated = 0;
            for (SchemaNode branch : s.oneOf) {
                Result result = validate(branch, path, data);
                if (result.valid()) {
                    validated++;
                    best = null;
                    if (firstSuccess == null) {
                        firstSuccess = result;
                    }
                    continue;
                }
                if (validated == 0 && (best == null || result.matchCount > best.matchCount)) {
                    best = result;
                }
            }
            if (validated != 1) {
                String more = validated == 0 ? "Found none valid" : "Found " + validated + " valid alternatives";
                r.add(composite(GoText.quote(path.toString()) + " must validate one and only one schema (oneOf). " + more));
                r.merge(best);
            } else {
                r.merge(firstSuccess);
            }
        }
        if (!s.allOf.isEmpty()) {
            int validated = 0;
            for (SchemaNode branch : s.allOf) {
                Result result = validate(branch, path, data);
                if (result.valid()) {
                    validated++;
                }
                r.merge(result);
            }
            if (validated != s.allOf.size()) {
                r.add(composite(GoText.quote(path.toString()) + " must validate all the schemas (allOf)" + (validated == 0 ? ". None validated" : "")));
            }
        }
        if (s.not != null && validate(s.not, path, data).valid()) {
            r.add(composite(GoText.quote(path.toString()) + " must not validate the schema (not)"));
        }
        r.matchCount++;
    }

    private static Failure composite(String message) {
        return new Failure(Code.COMPOSITE, "", null, 0, null, message);
    }

    // ---- string ----------------------------------------------------------------------------

    /** maxLength, minLength, pattern: only the first that fails is reported. */
    private static void checkString(SchemaNode s, Path path, String text, JsonNode data, Result r) {
        if (s.maxLength == null && s.minLength == null && s.pattern.isEmpty()) {
            return;
        }
        long length = text.codePointCount(0, text.length());
        if (s.maxLength != null && length > s.maxLength) {
            r.add(new Failure(Code.TOO_LONG, path.toString(), data, s.maxLength, null,
                    path + " in body should be at most " + s.maxLength + " chars long"));
            return;
        }
        if (s.minLength != null && length < s.minLength) {
            r.add(new Failure(Code.TOO_SHORT, path.toString(), data, s.minLength, null,
                    path + " in body should be at least " + s.minLength + " chars long"));
            return;
        }
        if (!s.pattern.isEmpty()) {
            if (s.compiledPattern == null) {
                r.add(new Failure(Code.PATTERN, path.toString(), data, 0, null, path + " in body should match '" + s.pattern
                        + ", but pattern is invalid: " + s.patternError + "'"));
            } else if (!s.compiledPattern.matcher(text).find()) {
                r.add(new Failure(Code.PATTERN, path.toString(), data, 0, null, path + " in body should match '" + s.pattern + "'"));
            }
        }
    }

    // ---- number ----------------------------------------------------------------------------

    /** multipleOf, minimum, maximum, in that order; integers are compared with the limits cut to int64. */
    private static void checkNumber(SchemaNode s, Path path, JsonNode data, boolean isInt, Result r) {
        if (s.multipleOf != null) {
            if (isInt) {
                long factor = goInt64(s.multipleOf);
                long value = data.longValue();
                if (factor <= 0) {
                    r.add(new Failure(Code.MULTIPLE_OF_MUST_BE_POSITIVE, path.toString(), LongNode.valueOf(factor), 0, null,
                            "factor MultipleOf declared for " + path + " must be positive: " + factor));
                } else if ((value / factor) * factor != value) {
                    r.add(new Failure(Code.MULTIPLE_OF, path.toString(), data, 0, null, path + " in body should be a multiple of " + factor));
                }
            } else {
                double factor = s.multipleOf;
                double value = data.doubleValue();
                if (factor <= 0) {
                    r.add(new Failure(Code.MULTIPLE_OF_MUST_BE_POSITIVE, path.toString(), JsonNodeFactory.instance.numberNode(factor), 0, null,
                            "factor MultipleOf declared for " + path + " must be positive: " + GoText.formatFloat(factor)));
                } else {
                    double mult = factor < 1 ? 1 / factor * value : value / factor;
                    if (!isFloat64AJsonInteger(mult)) {
                        r.add(new Failure(Code.MULTIPLE_OF, path.toString(), data, 0, null,
                                path + " in body should be a multiple of " + GoText.formatFloat(factor)));
                    }
                }
            }
        }
        if (s.minimum != null) {
            boolean fails;
            String limit;
            if (isInt) {
                long min = goInt64(s.minimum);
                long value = data.longValue();
                fails = s.exclusiveMinimum ? value <= min : value < min;
                limit = Long.toString(min);
            } else {
                double value = data.doubleValue();
                fails = s.exclusiveMinimum ? value <= s.minimum : value < s.minimum;
                limit = GoText.formatFloat(s.minimum);
            }
            if (fails) {
                r.add(new Failure(Code.MIN, path.toString(), data, 0, null, path + " in body should be greater than "
                        + (s.exclusiveMinimum ? "" : "or equal to ") + limit));
            }
        }
        if (s.maximum != null) {
            boolean fails;
            String limit;
            if (isInt) {
                long max = goInt64(s.maximum);
                long value = data.longValue();
                fails = s.exclusiveMaximum ? value >= max : value > max;
                limit = Long.toString(max);
            } else {
                double value = data.doubleValue();
                fails = s.exclusiveMaximum ? value >= s.maximum : value > s.maximum;
                limit = GoText.formatFloat(s.maximum);
            }
            if (fails) {
                r.add(new Failure(Code.MAX, path.toString(), data, 0, null, path + " in body should be less than "
                        + (s.exclusiveMaximum ? "" : "or equal to ") + limit));
            }
        }
        r.matchCount++;
    }

    /** Go's int64(f) on amd64: truncation, and the minimum int64 for what does not fit. */
    static long goInt64(double f) {
        if (Double.isNaN(f) || f >= 9.223372036854775807E18 || f < -9.223372036854775808E18) {
            return Long.MIN_VALUE;
        }
        return (long) f;
    }

    // ---- array -----------------------------------------------------------------------------

    private static void checkSlice(SchemaNode s, Path path, JsonNode data, Result r, Correlation correlation) {
        int size = data.size();
        if (s.items != null) {
            for (int i = 0; i < size; i++) {
                Correlation child = correlation == null ? null : correlation.index(i);
                validateChild(s.items, path.index(i), data.get(i), r, child);
            }
        }
        if (s.minItems != null && size < s.minItems) {
            r.add(new Failure(Code.MIN_ITEMS, path.toString(), LongNode.valueOf(size), s.minItems, null,
                    path + " in body should have at least " + s.minItems + " items"));
        }
        if (s.maxItems != null && size > s.maxItems) {
            r.add(new Failure(Code.MAX_ITEMS, path.toString(), LongNode.valueOf(size), s.maxItems, null,
                    path + " in body should have at most " + s.maxItems + " items"));
        }
        if (s.uniqueItems) {
            outer:
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < i; j++) {
                    if (GoValues.deepEqual(data.get(i), data.get(j))) {
                        r.add(new Failure(Code.UNIQUE, path.toString(), null, 0, null, path + " in body shouldn't contain duplicates"));
                        break outer;
                    }
                }
            }
        }
        r.matchCount++;
    }

    // ---- enum ------------------------------------------------------------------------------

    private static void checkEnum(SchemaNode s, Path path, JsonNode data, Result r) {
        if (s.enumValues.isEmpty()) {
            return;
        }
        for (JsonNode allowed : s.enumValues) {
            if (GoValues.enumMatches(data, allowed)) {
                return;
            }
        }
        List<String> shown = new ArrayList<>(s.enumValues.size());
        for (JsonNode v : s.enumValues) {
            shown.add(GoText.formatValue(v));
        }
        r.add(new Failure(Code.ENUM, path.toString(), data, 0, s.enumValues, path + " in body should be one of " + GoText.formatList(shown)));
    }

    // ---- object ----------------------------------------------------------------------------

    private static void checkObject(SchemaNode s, Path path, JsonNode data, Result r, Correlation correlation) {
        int numKeys = data.size();
        if (s.minProperties != null && numKeys < s.minProperties) {
            r.add(new Failure(Code.TOO_FEW_PROPERTIES, path.toString(), LongNode.valueOf(numKeys), s.minProperties, null,
                    path + " in body should have at least " + s.minProperties + " properties"));
        }
        if (s.maxProperties != null && numKeys > s.maxProperties) {
            r.add(new Failure(Code.TOO_MANY_PROPERTIES, path.toString(), LongNode.valueOf(numKeys), s.maxProperties, null,
                    path + " in body should have at most " + s.maxProperties + " properties"));
        }
        if (s.additionalPropertiesForbidden) {
            for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!s.properties.containsKey(key)) {
                    r.add(new Failure(Code.UNALLOWED_PROPERTY, path.toString(), TextNode.valueOf(key), 0, null,
                            path + "." + key + " in body is a forbidden property"));
                }
            }
        } else if (s.additionalProperties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = data.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!s.properties.containsKey(field.getKey())) {
                    Correlation child = correlation == null ? null : correlation.key(field.getKey(), path.isRoot());
                    validateChild(s.additionalProperties, path.key(field.getKey()), field.getValue(), r, child);
                }
            }
        }
        if (!s.properties.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = data.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                SchemaNode prop = s.properties.get(field.getKey());
                if (prop != null) {
                    Correlation child = correlation == null ? null : correlation.key(field.getKey(), path.isRoot());
                    validateChild(prop, path.property(field.getKey()), field.getValue(), r, child);
                }
            }
        }
        for (String name : s.required) {
            if (!data.has(name)) {
                r.add(new Failure(Code.REQUIRED, path.key(name).toString(), null, 0, null, path.key(name) + " in body is required"));
            }
        }
    }

    // ---- ratcheting ---------------------------------------------------------------------------

    /**
     * A new value with the old value it corresponds to (apiserver's cel/common CorrelatedObject):
     * object fields correlate by key where both have it and the schema declares it; list items
     * only in list-type maps, by their keys; other lists are compared whole.
     */
    static final class Correlation {
        private final JsonNode value;
        private final JsonNode old;
        private final SchemaNode schema;
        private Boolean unchanged;
        private boolean mapList;
        private Map<String, JsonNode> oldByKey;
        private int nextUnkeyed;

        Correlation(JsonNode value, JsonNode old, SchemaNode schema) {
            this.value = value;
            this.old = old;
            this.schema = schema;
        }

        /** The child at an object key; at the root, kind and apiVersion never ratchet. */
        Correlation key(String field, boolean atRoot) {
            if (atRoot && (field.equals("kind") || field.equals("apiVersion"))) {
                return null;
            }
            if (value == null || old == null || !value.isObject() || !old.isObject()) {
                return null;
            }
            JsonNode newField = value.get(field);
            JsonNode oldField = old.get(field);
            if (newField == null || oldField == null) {
                return null;
            }
            SchemaNode child = schema.properties.get(field);
            if (child == null) {
                child = schema.additionalProperties;
            }
            return child == null ? null : new Correlation(newField, oldField, child);
        }

        Correlation index(int i) {
            if (value == null || old == null || !value.isArray() || !old.isArray() || i >= value.size()) {
                return null;
            }
            if (!"map".equals(schema.listType)) {
                return null;
            }
            mapList = true;
            JsonNode oldItem = oldMapListItem(value.get(i));
            if (oldItem == null || schema.items == null) {
                return null;
            }
            return new Correlation(value.get(i), oldItem, schema.items);
        }

        /** The first old item with the same (scalar) keys, as MapList.Get finds it. */
        private JsonNode oldMapListItem(JsonNode item) {
            if (!"array".equals(schema.type) || schema.listMapKeys.isEmpty() || old.isEmpty() || !item.isObject()) {
                return null;
            }
            String key = compositeKey(item);
            if (key == null) {
                return null;
            }
            if (oldByKey == null) {
                oldByKey = new java.util.HashMap<>();
            }
            JsonNode match = oldByKey.get(key);
            if (match != null) {
                return match;
            }
            while (nextUnkeyed < old.size()) {
                JsonNode candidate = old.get(nextUnkeyed++);
                if (!candidate.isObject()) {
                    continue;
                }
                String candidateKey = compositeKey(candidate);
                if (candidateKey == null) {
                    continue;
                }
                oldByKey.putIfAbsent(candidateKey, candidate);
                if (candidateKey.equals(key)) {
                    return candidate;
                }
            }
            return null;
        }

        private String compositeKey(JsonNode item) {
            StringBuilder key = new StringBuilder();
            for (String field : schema.listMapKeys) {
                JsonNode v = item.get(field);
                if (v == null || !(v.isTextual() || v.isBoolean() || v.isNumber())) {
                    return null;
                }
                // Type-tagged, so that "1" and 1 differ as they do for Go's interface{} keys.
                key.append('\0').append(v.isTextual() ? 's' : v.isBoolean() ? 'b' : GoText.isInt64(v) ? 'i' : 'f')
                        .append(v.isNumber() && !GoText.isInt64(v) ? Double.toString(v.doubleValue() + 0.0) : v.asText());
            }
            return key.toString();
        }

        /** CachedDeepEqual: whether the new value is the old one. */
        boolean unchanged() {
            if (unchanged == null) {
                unchanged = compare();
            }
            return unchanged;
        }

        private boolean compare() {
            boolean newNull = value == null || value.isNull();
            boolean oldNull = old == null || old.isNull();
            if (newNull && oldNull) {
                return true;
            }
            if (newNull || oldNull) {
                return false;
            }
            if (value.isArray() != old.isArray() || value.isObject() != old.isObject()) {
                return false;
            }
            if (value.isArray()) {
                if (value.size() != old.size()) {
                    return false;
                }
                for (int i = 0; i < value.size(); i++) {
                    Correlation child = index(i);
                    if (child == null) {
                        return !mapList && GoValues.deepEqual(old, value);
                    }
                    if (!child.unchanged()) {
                        return false;
                    }
                }
                return true;
            }
            if (value.isObject()) {
                if (value.size() != old.size()) {
                    return false;
                }
                for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                    Correlation child = key(it.next(), false);
                    if (child == null || !child.unchanged()) {
                        return false;
                    }
                }
                return true;
            }
            return GoValues.deepEqual(old, value);
        }
    }

    // ---- to field errors -------------------------------------------------------------------

    /**
     * apiextensions-apiserver's kubeOpenAPIResultToFieldErrors: the field is the error's path
     * under {@code base} (null at the resource root, where plain errors show as "&lt;nil&gt;").
     */
    static List<FieldError> toFieldErrors(String base, List<Failure> failures) {
        List<FieldError> out = new ArrayList<>(failures.size());
        for (Failure f : failures) {
            if (f.code() == Code.COMPOSITE) {
                out.add(FieldError.invalid(base == null ? "<nil>" : base, TextNode.valueOf(""), f.message()));
                continue;
            }
            String name = f.name();
            String field;
            if (!name.isEmpty() && !name.equals(".")) {
                String child = name.startsWith(".") ? name.substring(1) : name;
                field = base == null ? child : base + "." + child;
            } else {
                field = base == null ? "<nil>" : base;
            }
            JsonNode value = f.value() == null ? TextNode.valueOf("") : GoText.badValue(f.value());
            switch (f.code()) {
                case REQUIRED -> out.add(FieldError.required(field, ""));
                case ENUM -> {
                    List<String> quoted = new ArrayList<>();
                    for (JsonNode allowed : f.enumValues()) {
                        String text = allowed.isTextual() ? allowed.asText() : GoText.jsonMarshal(allowed);
                        quoted.add(GoText.quote(text));
                    }
                    out.add(new FieldError(FieldError.Type.NOT_SUPPORTED, field,
                            f.value() == null ? JsonNodeFactory.instance.nullNode() : GoText.badValue(f.value()),
                            "supported values: " + String.join(", ", quoted)));
                }
                case TOO_LONG -> out.add(new FieldError(FieldError.Type.TOO_LONG, field, null,
                        "may not be more than " + f.limit() + " bytes"));
                case MAX_ITEMS, TOO_MANY_PROPERTIES -> out.add(tooMany(field, f.value().longValue(), f.limit()));
                case INVALID_TYPE -> out.add(new FieldError(FieldError.Type.TYPE_INVALID, field, value, f.message()));
                default -> out.add(FieldError.invalid(field, value, f.message()));
            }
        }
        return out;
    }

    /**
     * field.TooMany of kube 1.32 prints "Too many: 4: must have at most 3 items". FieldError
     * leaves the value out for TOO_MANY, so the count goes at the head of the detail instead.
     */
    static FieldError tooMany(String field, long actual, long max) {
        String detail = max >= 0 ? "must have at most " + max + " items" : "has too many items";
        return new FieldError(FieldError.Type.TOO_MANY, field, null, actual >= 0 ? actual + ": " + detail : detail);
    }
}
