package io.kfpoperator.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;
import io.kfpoperator.apiserver.cel.CelCompilationException;
import io.kfpoperator.apiserver.cel.CelValidator;
import io.kfpoperator.apiserver.resources.ResourceType;
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

    /** The compiled schema of {@code type}. */
    public KindSchema of(ResourceType type) {
        if (!type.custom()) {
            return KindSchema.NONE;
        }
        return compiled.computeIfAbsent(type.schema(), KindSchema::compile);
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

        static KindSchema compile(JsonNode openApiV3Schema) {
            CelValidator rules;
            try {
                rules = CelValidator.compile(openApiV3Schema);
            } catch (CelCompilationException e) {
                // The CRD was admitted by an older rule set: serve it without the rules that do not compile, as kube would not.
                throw new IllegalStateException("stored CRD schema has rules that do not compile: " + e.getMessage(), e);
            }
            return new KindSchema() {
                @Override
                public List<FieldError> validate(ObjectNode object, ObjectNode old) {
                    return rules.validate(object, old);
                }
            };
        }

        /** Drops undeclared fields and answers their paths (for fieldValidation). */
        default List<String> prune(ObjectNode object) {
            return List.of();
        }

        default void applyDefaults(ObjectNode object) {
        }

        /** Structural-schema and CEL errors of {@code object}; {@code old} is the stored object on update. */
        default List<FieldError> validate(ObjectNode object, ObjectNode old) {
            return List.of();
        }
    }
}
