package io.kfpoperator.apiserver.schema;

import io.kfpoperator.apiserver.golang.GoText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kfpoperator.apiserver.FieldError;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * kube-apiserver's checks of an object's {@code metadata} (apimachinery's
 * ValidateObjectMetaAccessor and ValidateObjectMetaAccessorUpdate, and the name rules of
 * util/validation), with its messages. The metadata is the JSON object; fields of the wrong JSON
 * type are ignored here (kube-apiserver rejects them when decoding, before validation).
 *
 * <p>Where Go walks a map (labels, annotations) in random order, this walks keys in sorted order.
 */
public final class ObjectMetaValidation {

    private ObjectMetaValidation() {
    }

    /** How an object's name (and generateName, as a prefix) is checked. */
    public enum NameRule {
        /** NameIsDNSSubdomain: what custom resources use. */
        DNS_SUBDOMAIN,
        /** NameIsDNSLabel. */
        DNS_LABEL,
        /** path.ValidatePathSegmentName: not "." or "..", no '/' or '%' (generic checks and embedded resources). */
        PATH_SEGMENT
    }

    /** Total size of annotation keys and values kube-apiserver allows: 256 KiB. */
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private static final String QNAME_CHAR = "[A-Za-z0-9]";
    private static final String QNAME_EXT_CHAR = "[-A-Za-z0-9_.]";
    private static final String QUALIFIED_NAME_FMT = "(" + QNAME_CHAR + QNAME_EXT_CHAR + "*)?" + QNAME_CHAR;
    private static final String QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
    private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
    private static final String LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final String DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1035_LABEL_ERR = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);

    private static final String FINALIZER_ORPHAN = "orphan";
    private static final String FINALIZER_FOREGROUND = "foregroundDeletion";
    private static final Set<String> STANDARD_FINALIZERS = Set.of(FINALIZER_ORPHAN, FINALIZER_FOREGROUND, "kubernetes");

    // ---- decoding (what Go's json says of metadata of the wrong shape) ------------------------

    private static final Set<String> STRING_FIELDS = Set.of("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion");
    private static final Set<String> INT_FIELDS = Set.of("generation", "deletionGracePeriodSeconds");

    /**
     * What Go's json decoder says when {@code metadata} does not fit ObjectMeta (first field in key
     * order), or null. Covers the scalar, map and list fields; deeper mismatches are not seen.
     * kube-apiserver decodes an object's metadata before anything else looks at it, so this is a
     * 400 for the object itself (schema/objectmeta GetObjectMeta) and a field error for embedded resources.
     */
    public static String decodeError(JsonNode v) {
        if (!v.isObject()) {
            return "json: cannot unmarshal " + GoText.jsonTypeName(v) + " into Go value of type v1.ObjectMeta";
        }
        for (String key : GoText.sortedKeys(v)) {
            JsonNode f = v.get(key);
            if (f.isNull()) {
                continue;
            }
            String goType = null;
            if (STRING_FIELDS.contains(key) && !f.isTextual()) {
                goType = "string";
            } else if (INT_FIELDS.contains(key) && !(f.isNumber() && GoText.isInt64(f))) {
                goType = "int64";
            } else if ((key.equals("labels") || key.equals("annotations"))) {
                if (!f.isObject()) {
                    goType = "map[string]string";
                } else {
                    for (JsonNode value : f) {
                        if (!value.isTextual() && !value.isNull()) {
                            return "json: cannot unmarshal " + GoText.jsonTypeName(value) + " into Go struct field ObjectMeta." + key + " of type string";
                        }
                    }
                }
            } else if (key.equals("finalizers") && !f.isArray()) {
                goType = "[]string";
            }
            if (goType != null) {
                return "json: cannot unmarshal " + GoText.jsonTypeName(f) + " into Go struct field ObjectMeta." + key + " of type " + goType;
            }
        }
        return null;
    }

    // ---- the name rules (util/validation) -----------------------------------------------------

    /** IsDNS1123Subdomain: at most 253 characters, lower-case labels joined by dots. */
    public static List<String> isDns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>(2);
        if (byteLength(value) > 253) {
            errs.add(maxLenError(253));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    /** IsDNS1123Label: at most 63 characters, lower-case alphanumerics and '-'. */
    public static List<String> isDns1123Label(String value) {
        List<String> errs = new ArrayList<>(2);
        if (byteLength(value) > 63) {
            errs.add(maxLenError(63));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            if (DNS1123_SUBDOMAIN.matcher(value).matches()) {
                errs.add("must not contain dots");
            } else {
                errs.add(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"));
            }
        }
        return errs;
    }

    /** IsDNS1035Label: like a DNS-1123 label, but starting with a letter. */
    public static List<String> isDns1035Label(String value) {
        List<String> errs = new ArrayList<>(2);
        if (byteLength(value) > 63) {
            errs.add(maxLenError(63));
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errs.add(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"));
        }
        return errs;
    }

    /** IsQualifiedName: [prefix/]name, prefix a DNS subdomain, name at most 63 characters. */
    public static List<String> isQualifiedName(String value) {
        List<String> errs = new ArrayList<>(2);
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String msg : isDns1123Subdomain(prefix)) {
                    errs.add("prefix part " + msg);
                }
            }
        } else {
            errs.add("a qualified name " + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (byteLength(name) > 63) {
            errs.add("name part " + maxLenError(63));
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            errs.add("name part " + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /** IsValidLabelValue: empty, or at most 63 characters of a qualified name's alphabet. */
    public static List<String> isValidLabelValue(String value) {
        List<String> errs = new ArrayList<>(2);
        if (byteLength(value) > 63) {
            errs.add(maxLenError(63));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /** A name (or, with {@code prefix}, a generateName) by a rule. */
    public static List<String> checkName(NameRule rule, String name, boolean prefix) {
        return switch (rule) {
            case DNS_SUBDOMAIN -> isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
            case DNS_LABEL -> isDns1123Label(prefix ? maskTrailingDash(name) : name);
            case PATH_SEGMENT -> pathSegmentName(name, prefix);
        };
    }

    /** A generateName may end in '-': it is checked as if its last two characters were "a". */
    private static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) {
            return name.substring(0, name.length() - 2) + "a";
        }
        return name;
    }

    private static List<String> pathSegmentName(String name, boolean prefix) {
        List<String> errs = new ArrayList<>(2);
        if (!prefix && (name.equals(".") || name.equals(".."))) {
            errs.add("may not be '" + name + "'");
            return errs;
        }
        for (String illegal : List.of("/", "%")) {
            if (name.contains(illegal)) {
                errs.add("may not contain '" + illegal + "'");
            }
        }
        return errs;
    }

    private static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    private static String regexError(String msg, String fmt, String... examples) {
        if (examples.length == 0) {
            return msg + " (regex used for validation is '" + fmt + "')";
        }
        StringBuilder out = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                out.append(" or ");
            }
            out.append('\'').append(examples[i]).append("', ");
        }
        return out.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    private static int byteLength(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    // ---- ObjectMeta on create ---------------------------------------------------------------

    /**
     * kube-apiserver's check of a custom resource's metadata on create: names are DNS
     * subdomains, the path is "metadata".
     */
    public static List<FieldError> validate(JsonNode metadata, boolean namespaced) {
        return validate(metadata, namespaced, NameRule.DNS_SUBDOMAIN, "metadata");
    }

    /** ValidateObjectMetaAccessor: every rule, in kube-apiserver's order. */
    public static List<FieldError> validate(JsonNode metadata, boolean requiresNamespace, NameRule rule, String fieldPath) {
        JsonNode meta = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
        List<FieldError> errs = new ArrayList<>();
        String generateName = text(meta, "generateName");
        if (!generateName.isEmpty()) {
            for (String msg : checkName(rule, generateName, true)) {
                errs.add(FieldError.invalid(fieldPath + ".generateName", TextNode.valueOf(generateName), msg));
            }
        }
        String name = text(meta, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(fieldPath + ".name", "name or generateName is required"));
        } else {
            for (String msg : checkName(rule, name, false)) {
                errs.add(FieldError.invalid(fieldPath + ".name", TextNode.valueOf(name), msg));
            }
        }
        String namespace = text(meta, "namespace");
        if (requiresNamespace) {
            if (namespace.isEmpty()) {
                errs.add(FieldError.required(fieldPath + ".namespace", ""));
            } else {
                for (String msg : checkName(NameRule.DNS_LABEL, namespace, false)) {
                    errs.add(FieldError.invalid(fieldPath + ".namespace", TextNode.valueOf(namespace), msg));
                }
            }
        } else if (!namespace.isEmpty()) {
            errs.add(FieldError.forbidden(fieldPath + ".namespace", "not allowed on this type"));
        }
        JsonNode generation = meta.get("generation");
        if (generation != null && generation.isNumber() && generation.longValue() < 0) {
            errs.add(FieldError.invalid(fieldPath + ".generation", LongNode.valueOf(generation.longValue()), "must be greater than or equal to 0"));
        }
        validateCommon(meta, fieldPath, errs);
        validateFinalizers(meta.get("finalizers"), fieldPath + ".finalizers", errs);
        validateManagedFields(meta.get("managedFields"), fieldPath + ".managedFields", errs);
        return errs;
    }

    /** Labels, annotations and owner references: checked on create and on update alike. */
    private static void validateCommon(JsonNode meta, String fieldPath, List<FieldError> errs) {
        validateLabels(meta.get("labels"), fieldPath + ".labels", errs);
        validateAnnotations(meta.get("annotations"), fieldPath + ".annotations", errs);
        validateOwnerReferences(meta.get("ownerReferences"), fieldPath + ".ownerReferences", errs);
    }

    /** ValidateLabels: the field is the labels map itself (kube 1.32 names no key). */
    static void validateLabels(JsonNode labels, String fieldPath, List<FieldError> errs) {
        for (Map.Entry<String, String> label : stringMap(labels).entrySet()) {
            for (String msg : isQualifiedName(label.getKey())) {
                errs.add(FieldError.invalid(fieldPath, TextNode.valueOf(label.getKey()), msg));
            }
            for (String msg : isValidLabelValue(label.getValue())) {
                errs.add(FieldError.invalid(fieldPath, TextNode.valueOf(label.getValue()), msg));
            }
        }
    }

    /** ValidateAnnotations: keys are qualified names (compared lower-cased); keys and values total at most 256 KiB. */
    static void validateAnnotations(JsonNode annotations, String fieldPath, List<FieldError> errs) {
        Map<String, String> map = stringMap(annotations);
        long total = 0;
        for (Map.Entry<String, String> annotation : map.entrySet()) {
            for (String msg : isQualifiedName(annotation.getKey().toLowerCase(java.util.Locale.ROOT))) {
                errs.add(FieldError.invalid(fieldPath, TextNode.valueOf(annotation.getKey()), msg));
            }
            total += byteLength(annotation.getKey()) + byteLength(annotation.getValue());
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errs.add(new FieldError(FieldError.Type.TOO_LONG, fieldPath, null,
                    "may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes"));
        }
    }

    private static void validateOwnerReferences(JsonNode refs, String fieldPath, List<FieldError> errs) {
        if (refs == null || !refs.isArray()) {
            return;
        }
        String firstController = "";
        for (JsonNode ref : refs) {
            String apiVersion = text(ref, "apiVersion");
            String kind = text(ref, "kind");
            String[] gv = parseGroupVersion(apiVersion);
            String group = gv == null ? "" : gv[0];
            String version = gv == null ? "" : gv[1];
            if (version.isEmpty()) {
                errs.add(FieldError.invalid(fieldPath + ".apiVersion", TextNode.valueOf(apiVersion), "version must not be empty"));
            }
            if (kind.isEmpty()) {
                errs.add(FieldError.invalid(fieldPath + ".kind", TextNode.valueOf(kind), "kind must not be empty"));
            }
            if (text(ref, "name").isEmpty()) {
                errs.add(FieldError.invalid(fieldPath + ".name", TextNode.valueOf(""), "name must not be empty"));
            }
            if (text(ref, "uid").isEmpty()) {
                errs.add(FieldError.invalid(fieldPath + ".uid", TextNode.valueOf(""), "uid must not be empty"));
            }
            if (group.isEmpty() && version.equals("v1") && kind.equals("Event")) {
                errs.add(FieldError.invalid(fieldPath, GoText.rendered(ref, ownerReferenceGoSyntax(ref)),
                        group + "/" + version + ", Kind=" + kind + " is disallowed from being an owner"));
            }
            if (ref.path("controller").asBoolean(false)) {
                String current = kind + "/" + text(ref, "name");
                if (!firstController.isEmpty()) {
                    StringBuilder all = new StringBuilder("[]v1.OwnerReference{");
                    for (int i = 0; i < refs.size(); i++) {
                        all.append(i > 0 ? ", " : "").append(ownerReferenceGoSyntax(refs.get(i)));
                    }
                    errs.add(FieldError.invalid(fieldPath, GoText.rendered(refs, all.append('}').toString()),
                            "Only one reference can have Controller set to true. Found \"true\" in references for "
                                    + firstController + " and " + current));
                } else {
                    firstController = current;
                }
            }
        }
    }

    /** %#v of a v1.OwnerReference; Go prints set pointers as addresses, shown here as (*bool)(true) and so on. */
    private static String ownerReferenceGoSyntax(JsonNode ref) {
        return "v1.OwnerReference{APIVersion:" + GoText.quote(text(ref, "apiVersion"))
                + ", Kind:" + GoText.quote(text(ref, "kind"))
                + ", Name:" + GoText.quote(text(ref, "name"))
                + ", UID:" + GoText.quote(text(ref, "uid"))
                + ", Controller:" + boolPointer(ref.get("controller"))
                + ", BlockOwnerDeletion:" + boolPointer(ref.get("blockOwnerDeletion")) + "}";
    }

    private static String boolPointer(JsonNode v) {
        return v == null || !v.isBoolean() ? "(*bool)(nil)" : "(*bool)(" + v.booleanValue() + ")";
    }

    private static void validateFinalizers(JsonNode finalizers, String fieldPath, List<FieldError> errs) {
        List<String> names = stringList(finalizers);
        for (String finalizer : names) {
            for (String msg : isQualifiedName(finalizer)) {
                errs.add(FieldError.invalid(fieldPath, TextNode.valueOf(finalizer), msg));
            }
        }
        if (names.contains(FINALIZER_ORPHAN) && names.contains(FINALIZER_FOREGROUND)) {
            errs.add(FieldError.invalid(fieldPath, GoText.rendered(finalizers, goStringSlice(names)),
                    "finalizer orphan and foregroundDeletion cannot be both set"));
        }
    }

    private static void validateManagedFields(JsonNode managedFields, String fieldPath, List<FieldError> errs) {
        if (managedFields == null || !managedFields.isArray()) {
            return;
        }
        for (int i = 0; i < managedFields.size(); i++) {
            JsonNode entry = managedFields.get(i);
            String path = fieldPath + "[" + i + "]";
            String operation = text(entry, "operation");
            if (!operation.equals("Apply") && !operation.equals("Update")) {
                errs.add(FieldError.invalid(path + ".operation", TextNode.valueOf(operation), "must be `Apply` or `Update`"));
            }
            String fieldsType = text(entry, "fieldsType");
            if (!fieldsType.isEmpty() && !fieldsType.equals("FieldsV1")) {
                errs.add(FieldError.invalid(path + ".fieldsType", TextNode.valueOf(fieldsType), "must be `FieldsV1`"));
            }
            String manager = text(entry, "manager");
            if (byteLength(manager) > 128) {
                errs.add(new FieldError(FieldError.Type.TOO_LONG, path + ".manager", null, "may not be more than 128 bytes"));
            }
            int position = 0;
            for (int j = 0; j < manager.length(); ) {
                int cp = manager.codePointAt(j);
                if (!GoText.isPrint(cp)) {
                    errs.add(FieldError.invalid(path + ".manager", TextNode.valueOf(manager),
                            String.format("invalid character U+%04X (at position %d)", cp, position)));
                }
                position += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                j += Character.charCount(cp);
            }
            if (byteLength(text(entry, "subresource")) > 256) {
                errs.add(new FieldError(FieldError.Type.TOO_LONG, path + ".subresource", null, "may not be more than 256 bytes"));
            }
        }
    }

    // ---- ObjectMeta on update ---------------------------------------------------------------

    /**
     * ValidateObjectMetaAccessorUpdate, path "metadata": no new finalizers while deleting, a
     * resourceVersion, generation not going down, name, namespace, uid, creationTimestamp,
     * deletionTimestamp and deletionGracePeriodSeconds unchanged, then labels, annotations,
     * owner references and managed fields.
     */
    public static List<FieldError> validateUpdate(JsonNode newMetadata, JsonNode oldMetadata) {
        JsonNode meta = newMetadata == null ? JsonNodeFactory.instance.objectNode() : newMetadata;
        JsonNode old = oldMetadata == null ? JsonNodeFactory.instance.objectNode() : oldMetadata;
        String fieldPath = "metadata";
        List<FieldError> errs = new ArrayList<>();
        if (isSet(old.get("deletionTimestamp"))) {
            Set<String> added = new TreeSet<>(stringList(meta.get("finalizers")));
            added.removeAll(stringList(old.get("finalizers")));
            if (!added.isEmpty()) {
                errs.add(FieldError.forbidden(fieldPath + ".finalizers",
                        "no new finalizers can be added if the object is being deleted, found new finalizers "
                                + goStringSlice(new ArrayList<>(added))));
            }
        }
        String resourceVersion = text(meta, "resourceVersion");
        if (resourceVersion.isEmpty()) {
            errs.add(FieldError.invalid(fieldPath + ".resourceVersion", TextNode.valueOf(resourceVersion), "must be specified for an update"));
        }
        long generation = meta.path("generation").asLong(0);
        if (generation < old.path("generation").asLong(0)) {
            errs.add(FieldError.invalid(fieldPath + ".generation", LongNode.valueOf(generation), "must not be decremented"));
        }
        immutableString(meta, old, "name", fieldPath, errs);
        immutableString(meta, old, "namespace", fieldPath, errs);
        immutableString(meta, old, "uid", fieldPath, errs);
        immutableTime(meta, old, "creationTimestamp", fieldPath, false, errs);
        immutableTime(meta, old, "deletionTimestamp", fieldPath, true, errs);
        JsonNode grace = meta.get("deletionGracePeriodSeconds");
        JsonNode oldGrace = old.get("deletionGracePeriodSeconds");
        Long graceValue = isSet(grace) ? grace.asLong() : null;
        Long oldGraceValue = isSet(oldGrace) ? oldGrace.asLong() : null;
        if (!Objects.equals(graceValue, oldGraceValue)) {
            errs.add(FieldError.invalid(fieldPath + ".deletionGracePeriodSeconds",
                    graceValue == null ? JsonNodeFactory.instance.nullNode() : LongNode.valueOf(graceValue), "field is immutable"));
        }
        validateCommon(meta, fieldPath, errs);
        validateManagedFields(meta.get("managedFields"), fieldPath + ".managedFields", errs);
        return errs;
    }

    private static void immutableString(JsonNode meta, JsonNode old, String field, String fieldPath, List<FieldError> errs) {
        String value = text(meta, field);
        if (!value.equals(text(old, field))) {
            errs.add(FieldError.invalid(fieldPath + "." + field, TextNode.valueOf(value), "field is immutable"));
        }
    }

    /** Times compare as instants (to the second, as metav1.Time is serialized) and print as Go's time.Time does, in UTC. */
    private static void immutableTime(JsonNode meta, JsonNode old, String field, String fieldPath, boolean pointer, List<FieldError> errs) {
        OffsetDateTime value = time(meta.get(field));
        OffsetDateTime oldValue = time(old.get(field));
        boolean same = value == null ? oldValue == null : oldValue != null && value.toInstant().equals(oldValue.toInstant());
        if (!same) {
            JsonNode shown;
            if (value == null) {
                shown = pointer ? JsonNodeFactory.instance.nullNode() : GoText.rendered(TextNode.valueOf(""), "0001-01-01 00:00:00 +0000 UTC");
            } else {
                shown = GoText.rendered(meta.get(field), value.withOffsetSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + " +0000 UTC");
            }
            errs.add(FieldError.invalid(fieldPath + "." + field, shown, "field is immutable"));
        }
    }

    private static OffsetDateTime time(JsonNode v) {
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---- warnings ---------------------------------------------------------------------------

    /**
     * The warnings kube-apiserver returns for finalizers added by a create ({@code oldMetadata}
     * null) or update of a custom resource: names that are no qualified names, and names without
     * a domain (and path). Finalizers are taken in sorted order, as kube-apiserver takes them.
     */
    public static List<String> finalizerWarnings(JsonNode newMetadata, JsonNode oldMetadata) {
        Set<String> added = new TreeSet<>(stringList(newMetadata == null ? null : newMetadata.get("finalizers")));
        if (oldMetadata != null) {
            added.removeAll(stringList(oldMetadata.get("finalizers")));
        }
        String fieldPath = "metadata.finalizers";
        List<String> warnings = new ArrayList<>();
        for (String finalizer : added) {
            for (String msg : isQualifiedName(finalizer)) {
                warnings.add(fieldPath + ": " + GoText.quote(finalizer) + ": " + msg);
            }
            if (!finalizer.contains("/") && !STANDARD_FINALIZERS.contains(finalizer)) {
                if (finalizer.contains(".")) {
                    warnings.add(fieldPath + ": " + GoText.quote(finalizer)
                            + ": prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers");
                } else {
                    warnings.add(fieldPath + ": " + GoText.quote(finalizer)
                            + ": prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers");
                }
            }
        }
        return warnings;
    }

    // ---- unknown metadata fields ------------------------------------------------------------

    private static final Set<String> OBJECT_META_FIELDS = Set.of(
            "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
            "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
            "ownerReferences", "finalizers", "managedFields");
    private static final Set<String> OWNER_REFERENCE_FIELDS = Set.of(
            "apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion");
    private static final Set<String> MANAGED_FIELDS_ENTRY_FIELDS = Set.of(
            "manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource");

    /**
     * Removes the fields of {@code metadata} that ObjectMeta does not have (kube-apiserver drops
     * them when it decodes metadata) and returns their paths as it reports them under
     * fieldValidation=Strict/Warn: {@code prefix.foo}, {@code prefix.ownerReferences[0].bar}, in
     * the order Go's strict decoder meets them (keys sorted).
     */
    public static List<String> pruneUnknownFields(ObjectNode metadata, String prefix) {
        List<String> unknown = new ArrayList<>();
        for (String key : GoText.sortedKeys(metadata)) {
            if (!OBJECT_META_FIELDS.contains(key)) {
                unknown.add(prefix + "." + key);
                metadata.remove(key);
            } else if (key.equals("ownerReferences")) {
                pruneItems(metadata.get(key), OWNER_REFERENCE_FIELDS, prefix + ".ownerReferences", unknown);
            } else if (key.equals("managedFields")) {
                pruneItems(metadata.get(key), MANAGED_FIELDS_ENTRY_FIELDS, prefix + ".managedFields", unknown);
            }
        }
        return unknown;
    }

    private static void pruneItems(JsonNode list, Set<String> known, String path, List<String> unknown) {
        if (list == null || !list.isArray()) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof ObjectNode item) {
                for (String key : GoText.sortedKeys(item)) {
                    if (!known.contains(key)) {
                        unknown.add(path + "[" + i + "]." + key);
                        item.remove(key);
                    }
                }
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** schema.ParseGroupVersion: {group, version}, or null where it fails (more than one '/'). */
    static String[] parseGroupVersion(String gv) {
        if (gv.isEmpty() || gv.equals("/")) {
            return new String[]{"", ""};
        }
        int first = gv.indexOf('/');
        if (first < 0) {
            return new String[]{"", gv};
        }
        if (gv.indexOf('/', first + 1) >= 0) {
            return null;
        }
        return new String[]{gv.substring(0, first), gv.substring(first + 1)};
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : "";
    }

    private static boolean isSet(JsonNode v) {
        return v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty());
    }

    private static Map<String, String> stringMap(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        if (map != null && map.isObject()) {
            for (String key : GoText.sortedKeys(map)) {
                JsonNode v = map.get(key);
                out.put(key, v != null && v.isTextual() ? v.asText() : "");
            }
        }
        return out;
    }

    private static List<String> stringList(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
                JsonNode v = it.next();
                if (v.isTextual()) {
                    out.add(v.asText());
                }
            }
        }
        return out;
    }

    /** %#v of a []string. */
    private static String goStringSlice(List<String> values) {
        StringBuilder out = new StringBuilder("[]string{");
        for (int i = 0; i < values.size(); i++) {
            out.append(i > 0 ? ", " : "").append(GoText.quote(values.get(i)));
        }
        return out.append('}').toString();
    }
}
