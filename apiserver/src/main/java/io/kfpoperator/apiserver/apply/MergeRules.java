package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * How lists and maps merge, and which map keys are struct fields, at each path of one kind of
 * object: the schema structured-merge-diff is given in kube-apiserver.
 *
 * <ul>
 *   <li>{@link #fromSchema}: a CRD version's {@code openAPIV3Schema}, read as kube-apiserver reads it
 *       ({@code x-kubernetes-list-type} atomic|set|map with {@code x-kubernetes-list-map-keys},
 *       {@code x-kubernetes-map-type} granular|atomic, lists atomic unless marked,
 *       {@code x-kubernetes-preserve-unknown-fields}, {@code x-kubernetes-embedded-resource}, key defaults),
 *       with {@code metadata} typed as ObjectMeta and {@code apiVersion}/{@code kind} declared;</li>
 *   <li>{@link #builtin}: a small table of the list types kube-apiserver declares for the fields our
 *       controller writes on built-in kinds; anything else is a struct whose lists are atomic.</li>
 * </ul>
 */
public interface MergeRules {

    /** The type of the whole object. */
    FieldType root();

    /** Rules for a CRD version, from its {@code schema.openAPIV3Schema}. */
    static MergeRules fromSchema(JsonNode openApiV3Schema) {
        FieldType root = CrdSchemas.toFieldType(openApiV3Schema);
        return of(root);
    }

    /** Rules for a built-in kind ({@code group} is "" for the core group). */
    static MergeRules builtin(String group, String kind) {
        FieldType root = BuiltinTypes.forKind(group == null ? "" : group, kind);
        return of(root);
    }

    /** Rules with this root type. */
    static MergeRules of(FieldType root) {
        Objects.requireNonNull(root, "root");
        return () -> root;
    }
}
