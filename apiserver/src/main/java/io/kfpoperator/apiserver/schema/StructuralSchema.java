package io.kfpoperator.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The structural schema of one version of a custom resource definition, and what kube-apiserver
 * 1.32 does with it on every write: pruning of unknown fields, defaulting, and validation with
 * kube-apiserver's messages. Immutable and safe to share between threads; read the schema once
 * ({@link #of}) and reuse it.
 *
 * <p>The order kube-apiserver applies these in on create and update: decode, {@link #prune}
 * (which also drops disallowed nulls and unknown metadata fields), {@link #applyDefaults}, then
 * validation: {@link ObjectMetaValidation} of the metadata, {@link #validate} (or
 * {@link #validateUpdate}), then the CEL rules.
 */
public final class StructuralSchema {

    private final SchemaNode root;

    private StructuralSchema(SchemaNode root) {
        this.root = root;
    }

    /** From a CRD version's {@code spec.versions[].schema.openAPIV3Schema}. */
    public static StructuralSchema of(JsonNode openApiV3Schema) {
        Objects.requireNonNull(openApiV3Schema, "openApiV3Schema");
        SchemaNode root = SchemaNode.read(openApiV3Schema);
        pruneDefaults(root);
        return new StructuralSchema(root);
    }

    /**
     * kube-apiserver prunes default values by the schema when it loads a CRD (v1 CRDs cannot
     * declare defaults with unknown fields, so this only matters for schemas written by hand).
     */
    private static void pruneDefaults(SchemaNode node) {
        if (node.defaultValue != null) {
            Pruning.prune(node.defaultValue, node, node.embeddedResource);
        }
        node.properties.values().forEach(StructuralSchema::pruneDefaults);
        if (node.items != null) {
            pruneDefaults(node.items);
        }
        if (node.additionalProperties != null) {
            pruneDefaults(node.additionalProperties);
        }
    }

    /** The root of the schema. */
    public SchemaNode root() {
        return root;
    }

    /**
     * The schema at a path of property names / map keys (String) and list indexes (Integer), e.g.
     * {@code nodeAt(List.of("spec", "triggers", "schedules", 0))}; empty where the schema declares
     * nothing (or preserves unknown fields without a schema).
     */
    public Optional<SchemaNode> nodeAt(List<?> path) {
        Optional<SchemaNode> node = Optional.of(root);
        for (Object step : path) {
            node = node.flatMap(n -> n.child(step));
            if (node.isEmpty()) {
                break;
            }
        }
        return node;
    }

    /**
     * Removes what kube-apiserver removes when it decodes a custom resource: fields the schema
     * does not declare (keeping apiVersion, kind and metadata at the root and in embedded
     * resources, and everything below x-kubernetes-preserve-unknown-fields that the schema does
     * not describe), null values of fields that are neither nullable nor defaulted, and fields
     * ObjectMeta does not have in metadata. Mutates {@code object}.
     *
     * @return the paths of the dropped fields in kube-apiserver's order and spelling (unknown
     *         metadata fields first, then the others sorted: {@code spec.foo},
     *         {@code spec.list[0].bar}, map values as {@code spec.map.key.bar}), which the server
     *         reports as {@code unknown field "spec.foo"} under fieldValidation=Strict/Warn
     */
    public List<String> prune(ObjectNode object) {
        List<String> unknown = new ArrayList<>();
        if (object.get("metadata") instanceof ObjectNode metadata) {
            unknown.addAll(ObjectMetaValidation.pruneUnknownFields(metadata, "metadata"));
        }
        unknown.addAll(Pruning.prune(object, root, true));
        Pruning.pruneNonNullableNullsWithoutDefaults(object, root);
        unknown.addAll(EmbeddedResources.pruneMetadata(object, root));
        return unknown;
    }

    /**
     * Applies {@code default}s as kube-apiserver does: a missing property of an object that is
     * there gets its default, and so does a null where the schema is not nullable; null list
     * items and map values get the items' / values' default. Defaults are defaulted further
     * inside. Mutates {@code object}.
     */
    public void applyDefaults(ObjectNode object) {
        Defaulting.apply(object, root);
    }

    /**
     * Every violation of the schema, as kube-apiserver reports them on create: the OpenAPI
     * checks (type, nullable, enum, pattern, format, required, limits, additionalProperties,
     * allOf/anyOf/oneOf/not), then the checks of embedded resources, then duplicates in
     * x-kubernetes-list-type set and map lists. Metadata of the object itself is
     * {@link ObjectMetaValidation}'s; CEL rules are not checked here.
     */
    public List<FieldError> validate(JsonNode object) {
        List<FieldError> errs = new ArrayList<>(OpenApiValidator.toFieldErrors(null, OpenApiValidator.validate(root, OpenApiValidator.Path.ROOT, object).errors()));
        errs.addAll(EmbeddedResources.validate(root, object));
        errs.addAll(ListTypeValidation.validate(root, object));
        return errs;
    }

    /**
     * The violations kube-apiserver reports on update: as {@link #validate}, but with ratcheting
     * (errors of values unchanged from {@code oldObject} are not reported) and duplicate list
     * entries only reported if the old object had none.
     */
    public List<FieldError> validateUpdate(JsonNode newObject, JsonNode oldObject) {
        List<FieldError> errs = new ArrayList<>(OpenApiValidator.toFieldErrors(null,
                OpenApiValidator.validateUpdate(root, OpenApiValidator.Path.ROOT, newObject, oldObject).errors()));
        errs.addAll(EmbeddedResources.validate(root, newObject));
        if (ListTypeValidation.validate(root, oldObject).isEmpty()) {
            errs.addAll(ListTypeValidation.validate(root, newObject));
        }
        return errs;
    }

    /**
     * The violations kube-apiserver reports when the status subresource is written: the status
     * is checked against the status schema alone (no ratcheting), so fields are under
     * {@code status.} while the messages name the path inside the status
     * ({@code status.conditions[0].type: Invalid value: "x": conditions[0].type in body should match ...});
     * then duplicates in list-type set/map lists of the whole object (only if the old object had none).
     */
    public List<FieldError> validateStatus(JsonNode newObject, JsonNode oldObject) {
        List<FieldError> errs = new ArrayList<>();
        SchemaNode status = root.properties.get("status");
        JsonNode value = newObject == null ? null : newObject.get("status");
        if (status != null && value != null) {
            errs.addAll(OpenApiValidator.toFieldErrors("status", OpenApiValidator.validate(status, OpenApiValidator.Path.ROOT, value).errors()));
        }
        List<FieldError> listErrors = ListTypeValidation.validate(root, newObject);
        if (!listErrors.isEmpty() && (oldObject == null || ListTypeValidation.validate(root, oldObject).isEmpty())) {
            errs.addAll(listErrors);
        }
        return errs;
    }
}
