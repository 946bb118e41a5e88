package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code metadata.managedFields} read into and written from the form the field manager works on: for
 * each manager identity (manager, operation, subresource, and the apiVersion for updates) the set of
 * fields it owns, the apiVersion that set is in, whether it came from an apply, and the time.
 */
final class ManagedFields {

    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    /**
     * Who owns a set of fields: kube's manager identifier, the entry without fields and time. Appliers
     * are one identity whatever apiVersion they applied with; updaters get one per apiVersion.
     */
    record ManagerKey(String manager, String operation, String apiVersion, String subresource) {
        ManagerKey {
            Objects.requireNonNull(manager);
            Objects.requireNonNull(operation);
            apiVersion = APPLY.equals(operation) || apiVersion == null || apiVersion.isEmpty() ? null : apiVersion;
            subresource = subresource == null || subresource.isEmpty() ? null : subresource;
        }

        static ManagerKey apply(String manager, String subresource) {
            return new ManagerKey(manager, APPLY, null, subresource);
        }

        static ManagerKey update(String manager, String apiVersion, String subresource) {
            return new ManagerKey(manager, UPDATE, apiVersion, subresource);
        }

        /** The JSON kube-apiserver uses as the identifier (and sorts conflicting managers by). */
        String identifier() {
            StringBuilder out = new StringBuilder("{");
            boolean first = true;
            first = field(out, first, "manager", manager);
            first = field(out, first, "operation", operation);
            first = field(out, first, "apiVersion", apiVersion);
            field(out, first, "subresource", subresource);
            return out.append('}').toString();
        }

        private static boolean field(StringBuilder out, boolean first, String name, String value) {
            if (value == null || value.isEmpty()) {
                return first;
            }
            if (!first) {
                out.append(',');
            }
            Values.writeGoJsonString(name, out);
            out.append(':');
            Values.writeGoJsonString(value, out);
            return false;
        }

        /** How kube names this manager in a conflict: {@code "kubectl-client-side-apply" using pipelines.kubeflow.org/v1beta1}. */
        String describe() {
            String out = Values.goQuote(manager);
            if (subresource != null) {
                out += " with subresource " + Values.goQuote(subresource);
            }
            if (UPDATE.equals(operation)) {
                out += " using " + (apiVersion == null ? "" : apiVersion);
            }
            return out;
        }
    }

    /** The fields one manager owns, in one apiVersion. */
    record Owned(FieldSet fields, String apiVersion, boolean applied) {
    }

    private final Map<ManagerKey, Owned> fields;
    private final Map<ManagerKey, Instant> times;

    ManagedFields() {
        this(new LinkedHashMap<>(), new HashMap<>());
    }

    private ManagedFields(Map<ManagerKey, Owned> fields, Map<ManagerKey, Instant> times) {
        this.fields = fields;
        this.times = times;
    }

    ManagedFields copy() {
        Map<ManagerKey, Owned> f = new LinkedHashMap<>();
        this.fields.forEach((k, v) -> f.put(k, new Owned(v.fields().copy(), v.apiVersion(), v.applied())));
        return new ManagedFields(f, new HashMap<>(times));
    }

    Map<ManagerKey, Owned> fields() {
        return fields;
    }

    Map<ManagerKey, Instant> times() {
        return times;
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** Thrown when stored managedFields cannot be read. */
    static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;
        DecodeException(String message) {
            super(message);
        }
    }

    /** {@code metadata.managedFields} of {@code object}, or null when it has none (absent or not a list). */
    static JsonNode entriesOf(JsonNode object) {
        if (object == null) {
            return null;
        }
        JsonNode entries = object.path("metadata").get("managedFields");
        return entries != null && entries.isArray() ? entries : null;
    }

    /** kube's {@code DecodeManagedFields}. */
    static ManagedFields decode(JsonNode entries) throws DecodeException {
        ManagedFields out = new ManagedFields();
        if (entries == null) {
            return out;
        }
        int i = 0;
        for (JsonNode entry : entries) {
            if (!entry.isObject()) {
                throw new DecodeException("managed fields entry " + i + " is not an object");
            }
            String operation = text(entry, "operation");
            if (!APPLY.equals(operation) && !UPDATE.equals(operation)) {
                throw new DecodeException("operation must be `Apply` or `Update`");
            }
            String apiVersion = text(entry, "apiVersion");
            if (apiVersion.isEmpty()) {
                throw new DecodeException("apiVersion must not be empty");
            }
            String fieldsType = text(entry, "fieldsType");
            if (fieldsType.isEmpty()) {
                throw new DecodeException("missing fieldsType in managed fields entry " + i);
            }
            if (!fieldsType.equals("FieldsV1")) {
                throw new DecodeException("invalid fieldsType " + Values.goQuote(fieldsType) + " in managed fields entry " + i);
            }
            ManagerKey key = new ManagerKey(text(entry, "manager"), operation, apiVersion, text(entry, "subresource"));
            FieldSet set;
            try {
                set = FieldSet.fromFieldsV1(entry.get("fieldsV1"));
            } catch (PathElement.MalformedException e) {
                throw new DecodeException("error decoding versioned set from entry " + i + ": error decoding set: " + e.getMessage());
            }
            out.fields.put(key, new Owned(set, apiVersion, APPLY.equals(operation)));
            JsonNode time = entry.get("time");
            if (time != null && !time.isNull()) {
                try {
                    out.times.put(key, OffsetDateTime.parse(time.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
                } catch (DateTimeParseException e) {
                    throw new DecodeException("error decoding time of managed fields entry " + i + ": " + e.getMessage());
                } 
            } else {
                out.times.remove(key);
            }
            i++;
        }
        return out;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /**
     * Whether a write's managedFields ask to clear them: an empty list, or a list of one empty entry
     * (kube's {@code isResetManagedFields}).
     */
    static boolean isReset(JsonNode object) {
        JsonNode entries = entriesOf(object);
        if (entries == null) {
            return false;
        }
        if (entries.isEmpty()) {
            return true;
        }
        if (entries.size() != 1 || !entries.get(0).isObject()) {
            return false;
        }
        JsonNode only = entries.get(0);
        for (String field : List.of("manager", "operation", "apiVersion", "fieldsType", "subresource", "time")) {
            JsonNode v = only.get(field);
            if (v != null && !v.isNull() && !(v.isTextual() && v.textValue().isEmpty())) {
                return false;
            }
        }
        JsonNode f = only.get("fieldsV1");
        return f == null || f.isNull();
    }

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    static String formatTime(Instant time) {
        return RFC3339.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    /** kube's {@code encodeManagedFields}: one entry per identity, sorted; null when there is none. */
    ArrayNode encode() {
        if (fields.isEmpty()) {
            return null;
        }
        record Encoded(ManagerKey key, Owned owned, Instant time) {
        }
        List<Encoded> entries = new ArrayList<>();
        fields.forEach((key, owned) -> entries.add(new Encoded(key, owned, times.get(key))));
        entries.sort(Comparator
                .comparing((Encoded e) -> e.owned().applied() ? APPLY : e.key().operation())
                .thenComparingLong(e -> e.time() == null ? 0 : e.time().getEpochSecond())
                .thenComparing(e -> e.key().manager())
                .thenComparing(e -> e.owned().apiVersion())
                .thenComparing(e -> e.key().subresource() == null ? "" : e.key().subresource()));
        ArrayNode out = Values.array();
        for (Encoded e : entries) {
            ObjectNode entry = out.addObject();
            if (!e.key().manager().isEmpty()) {
                entry.put("manager", e.key().manager());
            }
            entry.put("operation", e.owned().applied() ? APPLY : e.key().operation());
            entry.put("apiVersion", e.owned().apiVersion());
            if (e.time() != null) {
                entry.put("time", formatTime(e.time()));
            }
            entry.put("fieldsType", "FieldsV1");
            entry.set("fieldsV1", e.owned().fields().toFieldsV1());
            if (e.key().subresource() != null) {
                entry.put("subresource", e.key().subresource());
            }
        }
        return out;
    }

    /** Writes these managed fields into {@code object}'s metadata, or removes them when there are none. */
    void writeTo(ObjectNode object) {
        ArrayNode encoded = encode();
        JsonNode metadata = object.get("metadata");
        if (encoded == null) {
            if (metadata instanceof ObjectNode m) {
                m.remove("managedFields");
            }
            return;
        }
        ObjectNode m = metadata instanceof ObjectNode existing ? existing : object.putObject("metadata");
        m.set("managedFields", encoded);
    }

    static void removeFrom(JsonNode object) {
        if (object != null && object.get("metadata") instanceof ObjectNode m) {
            m.remove("managedFields");
        }
    }

    /** The manager the oldest update entries are merged into past the cap. */
    static final String ANCIENT_CHANGES = "ancient-changes";

    /**
     * kube's {@code capManagersManager}: with more than {@code max} update entries, the oldest are merged,
     * per apiVersion, into an {@code ancient-changes} entry.
     */
    void capUpdateManagers(int max) {
        List<ManagerKey> updaters = new ArrayList<>();
        fields.forEach((key, owned) -> {
            if (!owned.applied()) {
                updaters.add(key);
            }
        });
        if (updaters.size() <= max) {
            return;
        }
        updaters.sort(Comparator
                .comparingLong((ManagerKey k) -> times.get(k) == null ? 0 : times.get(k).getEpochSecond())
                .thenComparing(ManagerKey::identifier));
        Map<String, ManagerKey> firstOfVersion = new HashMap<>();
        int length = updaters.size();
        for (int i = 0; i < updaters.size() && length > max; i++) {
            ManagerKey manager = updaters.get(i);
            Owned owned = fields.get(manager);
            Instant time = times.get(manager);
            String version = owned.apiVersion();
            ManagerKey bucket = ManagerKey.update(ANCIENT_CHANGES, version, null);
            ManagerKey first = firstOfVersion.get(version);
            if (first != null) {
                if (!fields.containsKey(bucket)) {
                    Owned firstOwned = fields.remove(first);
                    times.remove(first);
                    fields.put(bucket, firstOwned);
                }
                Owned merged = new Owned(owned.fields().union(fields.get(bucket).fields()), owned.apiVersion(), owned.applied());
                fields.put(bucket, merged);
                fields.remove(manager);
                times.remove(manager);
                length--;
                if (time != null) {
                    times.put(bucket, time);
                } else {
                    times.remove(bucket);
                }
            } else {
                firstOfVersion.put(version, manager);
            }
        }
    }
}
