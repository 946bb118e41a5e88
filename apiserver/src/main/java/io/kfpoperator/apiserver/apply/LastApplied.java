package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The client-side apply annotation, as kube-apiserver uses it for the manager {@code kubectl}: fields
 * the annotation records with the live value may be taken over from their owners without a conflict
 * ({@code lastAppliedManager}), and after a server-side apply the annotation is rewritten to the applied
 * configuration so that client-side apply keeps working ({@code lastAppliedUpdater}).
 */
final class LastApplied {

    static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

    /** kube's {@code TotalAnnotationSizeLimitB}. */
    private static final long TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LastApplied() {
    }

    private static String annotation(JsonNode object) {
        JsonNode value = object.path("metadata").path("annotations").get(ANNOTATION);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    static boolean has(JsonNode object) {
        String value = annotation(object);
        return value != null && !value.isEmpty();
    }

    /** The applied configuration without the annotation, encoded as Go's json.Encoder writes it (with its newline). */
    static String build(JsonNode applied) {
        ObjectNode copy = applied.deepCopy();
        if (copy.path("metadata").get("annotations") instanceof ObjectNode annotations) {
            annotations.remove(ANNOTATION);
        }
        return Values.goJson(copy) + "\n";
    }

    /** Sets the annotation; drops it instead when the annotations would exceed kube's total size limit. */
    static void set(ObjectNode object, String value) {
        ObjectNode metadata = object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
        ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations");
        annotations.put(ANNOTATION, value);
        long total = 0;
        for (Map.Entry<String, JsonNode> e : annotations.properties()) {
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
            annotations.remove(ANNOTATION);
        }
    }

    /**
     * The fields client-side apply can be taken to own: those the annotation sets, less those whose live
     * value differs from (or is missing in) it. Null when there is no usable annotation, in which case
     * every conflict stands.
     */
    static FieldSet allowedConflicts(JsonNode live, String apiVersion, FieldType root) {
        String value = annotation(live);
        if (value == null || value.isEmpty()) {
            return null;
        }
        JsonNode lastApplied;
        try {
            lastApplied = JSON.readTree(value);
        } catch (Exception e) {
            return null;
        }
        if (lastApplied == null || !lastApplied.isObject() || !apiVersion.equals(lastApplied.path("apiVersion").asText(""))) {
            return null;
        }
        if (!Typed.validate(lastApplied, root).isEmpty() || !Typed.validate(live, root).isEmpty()) {
            return null;
        }
        FieldSet set = Typed.toFieldSet(lastApplied, root);
        Typed.Comparison cmp = Typed.compare(lastApplied, live, root);
        return set.difference(cmp.modified()).difference(cmp.added()).difference(cmp.removed());
    }
}
