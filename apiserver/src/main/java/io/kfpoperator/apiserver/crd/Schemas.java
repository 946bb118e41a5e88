package io.kfpoperator.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;
import io.kfpoperator.apiserver.apply.MergeRules;
import io.kfpoperator.apiserver.cel.CelCompilationException;
import io.kfpoperator.apiserver.cel.CelValidator;
import io.kfpoperator.apiserver.resources.ResourceType;
import io.kfpoperator.apiserver.schema.StructuralSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a kind's schema makes of a written object: pruning, defaulting, structural validation and
 * CEL rules for custom resources; nothing for built-in kinds, which the server stores as they come.
 * Compiled once per schema and kept while the CRD is unchanged.
 */
public final class Schemas {

    private final Map<JsonNode, KindSchema> compiled = new ConcurrentHashMap<>();
    private final Map<String, MergeRules> builtinRules = new ConcurrentHashMap<>();

    /** The compiled schema of {@code type}. */
    public KindSchema of(ResourceType type) {
        if (!type.custom()) {
            return KindSchema.NONE;
        }
        return compiled.computeIfAbsent(type.schema(), Compiled::new);
    }

    /** How server-side apply merges lists and maps of {@code type}: from its CRD schema, or kube's list types of built-in kinds. */
    public MergeRules mergeRules(ResourceType type) {
        if (type.custom()) {
            return of(type).mergeRules();
        }
        return builtinRules.computeIfAbsent(type.group() + "/" + type.kind(), k -> MergeRules.builtin(type.group(), type.kind()));
    }

    /**
     * What kube-apiserver refuses in a CRD version's schema: CEL rules that do not compile or
     * whose estimated cost is over budget; paths start at {@code base}.
     */
    public static List<FieldError> crdErrors(JsonNode openApiV3Schema, String base) {
        try {
            return CelValidator.compile(openApiV3Schema, base).costErrors(base);
        } catch (CelCompilationException e) {
            return e.errors();
        }
    }

    /** A kind's compiled schema. */
    public interface KindSchema {
        KindSchema NONE = new KindSchema() {
        };

        /** Drops undeclared fields and answers their paths (for fieldValidation). */
        default List<String> prune(ObjectNode object) {
            return List.of();
        }

        default void applyDefaults(ObjectNode object) {
        }

        /**
         * Structural-schema and CEL errors of {@code object}; {@code old} is the stored object on
         * update (ratcheting: errors in values left as they were do not count), {@code status}
         * whether the status subresource was written.
         */
        default List<FieldError> validate(ObjectNode object, ObjectNode old, boolean status) {
            return List.of();
        }

        default MergeRules mergeRules() {
            return MergeRules.builtin("", "");
        }
    }

    private static final class Compiled implements KindSchema {
        private final StructuralSchema schema;
        private final CelValidator rules;
        private final MergeRules mergeRules;

        Compiled(JsonNode openApiV3Schema) {
            this.schema = StructuralSchema.of(openApiV3Schema);
            this.mergeRules = MergeRules.fromSchema(openApiV3Schema);
            try {
                this.rules = CelValidator.compile(openApiV3Schema);
            } catch (CelCompilationException e) {
                // Admission refuses such a CRD, so a stored one never gets here.
                throw new IllegalStateException("stored CRD schema has rules that do not compile: " + e.getMessage(), e);
            }
        }

        @Override
        public List<String> prune(ObjectNode object) {
            return schema.prune(object);
        }

        @Override
        public void applyDefaults(ObjectNode object) {
            schema.applyDefaults(object);
        }

        @Override
        public List<FieldError> validate(ObjectNode object, ObjectNode old, boolean status) {
            List<FieldError> errors = new ArrayList<>();
            if (status) {
                errors.addAll(schema.validateStatus(object, old));
            } else if (old == null) {
                errors.addAll(schema.validate(object));
            } else {
                errors.addAll(schema.validateUpdate(object, old));
            }
            // registry/customresource strategy.go hasBlockingErr: a type, required, enum, maxLength or maxItems error
            // stops the CEL rules (when the schema has any), which kube-apiserver says in one more error; other
            // schema errors (pattern, minimum, metadata) do not.
            if (rules.hasRules() && errors.stream().anyMatch(Compiled::blocking)) {
                errors.add(FieldError.invalid("<nil>", com.fasterxml.jackson.databind.node.NullNode.getInstance(),
                        "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
            } else {
                errors.addAll(rules.validate(object, old));
            }
            return errors;
        }

        @Override
        public MergeRules mergeRules() {
            return mergeRules;
        }

        private static boolean blocking(FieldError error) {
            return switch (error.type()) {
                case NOT_SUPPORTED, REQUIRED, TOO_LONG, TOO_MANY, TYPE_INVALID -> true;
                default -> false;
            };
        }
    }
}
