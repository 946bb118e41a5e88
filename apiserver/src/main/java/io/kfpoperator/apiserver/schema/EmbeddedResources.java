package io.kfpoperator.apiserver.schema;

import io.kfpoperator.apiserver.golang.GoText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Objects marked x-kubernetes-embedded-resource below the root: kube-apiserver drops the
 * unknown fields of their metadata (schema/objectmeta Coerce) and checks their apiVersion, kind
 * and metadata (schema/objectmeta Validate).
 */
final class EmbeddedResources {

    private EmbeddedResources() {
    }

    /** Drops unknown metadata fields of embedded resources; returns their paths (sorted). */
    static List<String> pruneMetadata(JsonNode object, SchemaNode root) {
        List<String> unknown = new ArrayList<>();
        coerce(null, object, root, false, unknown);
        unknown.sort(GoText::compareUtf8);
        return unknown;
    }

    private static void coerce(String path, JsonNode x, SchemaNode s, boolean embedded, List<String> unknown) {
        if (s == null || !s.hasEmbeddedBelow) {
            return;
        }
        if (x.isObject()) {
            if (embedded && x.get("metadata") instanceof ObjectNode metadata) {
                unknown.addAll(ObjectMetaValidation.pruneUnknownFields(metadata, FieldPaths.child(path, "metadata")));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = x.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                SchemaNode prop = s.properties.get(field.getKey());
                if (prop != null) {
                    coerce(FieldPaths.child(path, field.getKey()), field.getValue(), prop, prop.embeddedResource, unknown);
                } else if (s.hasAdditionalProperties && s.additionalProperties != null) {
                    SchemaNode ap = s.additionalProperties;
                    coerce(FieldPaths.key(path, field.getKey()), field.getValue(), ap, ap.embeddedResource, unknown);
                }
            }
        } else if (x.isArray() && s.items != null) {
            for (int i = 0; i < x.size(); i++) {
                coerce(FieldPaths.index(path, i), x.get(i), s.items, s.items.embeddedResource, unknown);
            }
        }
    }

    /** The checks of embedded resources (not the root: its metadata is the caller's). */
    static List<FieldError> validate(SchemaNode root, JsonNode object) {
        List<FieldError> errs = new ArrayList<>();
        validate(null, object, root, errs);
        return errs;
    }

    private static void validate(String path, JsonNode x, SchemaNode s, List<FieldError> errs) {
        if (s == null || x == null || !s.hasEmbeddedBelow) {
            return;
        }
        if (x.isObject()) {
            if (s.embeddedResource) {
                validateEmbedded(path, x, errs);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = x.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                SchemaNode prop = s.properties.get(field.getKey());
                if (prop != null) {
                    validate(FieldPaths.child(path, field.getKey()), field.getValue(), prop, errs);
                } else if (s.hasAdditionalProperties) {
                    validate(FieldPaths.key(path, field.getKey()), field.getValue(), s.additionalProperties, errs);
                }
            }
        } else if (x.isArray()) {
            for (int i = 0; i < x.size(); i++) {
                validate(FieldPaths.index(path, i), x.get(i), s.items, errs);
            }
        }
    }

    private static void validateEmbedded(String path, JsonNode x, List<FieldError> errs) {
        if (!x.has("apiVersion")) {
            errs.add(FieldError.required(FieldPaths.child(path, "apiVersion"), "must not be empty"));
        }
        if (!x.has("kind")) {
            errs.add(FieldError.required(FieldPaths.child(path, "kind"), "must not be empty"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = x.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "apiVersion" -> {
                    String p = FieldPaths.child(path, "apiVersion");
                    if (!v.isTextual()) {
                        errs.add(FieldError.invalid(p, GoText.badValue(v), "must be a string"));
                    } else if (v.asText().isEmpty()) {
                        errs.add(FieldError.invalid(p, v, "must not be empty"));
                    } else if (ObjectMetaValidation.parseGroupVersion(v.asText()) == null) {
                        errs.add(FieldError.invalid(p, GoText.badValue(v), "unexpected GroupVersion string: " + v.asText()));
                    }
                }
                case "kind" -> {
                    String p = FieldPaths.child(path, "kind");
                    if (!v.isTextual()) {
                        errs.add(FieldError.invalid(p, GoText.badValue(v), "must be a string"));
                    } else if (v.asText().isEmpty()) {
                        errs.add(FieldError.invalid(p, v, "must not be empty"));
                    } else {
                        List<String> msgs = ObjectMetaValidation.isDns1035Label(v.asText().toLowerCase(java.util.Locale.ROOT));
                        if (!msgs.isEmpty()) {
                            errs.add(FieldError.invalid(p, GoText.badValue(v), "may have mixed case, but should otherwise match: " + String.join(",", msgs)));
                        }
                    }
                }
                case "metadata" -> {
                    String p = FieldPaths.child(path, "metadata");
                    String decodeError = ObjectMetaValidation.decodeError(v);
                    if (decodeError != null) {
                        errs.add(FieldError.invalid(p, GoText.badValue(v), decodeError));
                    } else {
                        ObjectNode meta = ((ObjectNode) v).deepCopy();
                        if (!meta.path("name").isTextual() || meta.path("name").asText().isEmpty()) {
                            // kube-apiserver sets a name here so that a missing one is no error.
                            meta.put("name", "fakename");
                        }
                        boolean namespaced = meta.path("namespace").isTextual() && !meta.path("namespace").asText().isEmpty();
                        errs.addAll(ObjectMetaValidation.validate(meta, namespaced, ObjectMetaValidation.NameRule.PATH_SEGMENT, p));
                    }
                }
                default -> {
                }
            }
        }
    }


}
