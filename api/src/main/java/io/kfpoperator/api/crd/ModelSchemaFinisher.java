package io.kfpoperator.api.crd;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What crd-generator 7.5.2 cannot take from the model, applied by walking a generated schema
 * together with the Java type it was generated from:
 * <ul>
 *   <li>{@link ItemMaxLength} and {@link ListTypeSet} on our model's lists and maps (its
 *       {@code @Size} bounds a property, not the property's items);</li>
 *   <li>descriptions and bounds of the Kubernetes core/v1 types a Provider embeds (env vars,
 *       volumes, mounts): fabric8's model classes carry neither, so they come from
 *       {@link CoreTypeFields}.</li>
 * </ul>
 * Problems (a schema property the Java type does not have, a core/v1 field the table lacks, an
 * annotation on the wrong kind of schema) are collected; {@link #problems()} lists them.
 */
final class ModelSchemaFinisher {

    private static final ObjectMapper TYPES = new ObjectMapper();
    private static final Set<String> SCALAR_TYPES = Set.of("string", "integer", "number", "boolean");

    private final CoreTypeFields core;
    private final List<String> problems = new ArrayList<>();

    ModelSchemaFinisher(CoreTypeFields core) {
        this.core = core;
    }

    List<String> problems() {
        return problems;
    }

    /** Finishes {@code schema}, generated from {@code type}; {@code path} names it in problems. */
    void finish(JsonNode schema, Class<?> type, String path) {
        walk(schema, TYPES.constructType(type), path);
    }

    private void walk(JsonNode schema, JavaType type, String path) {
        if (!(schema instanceof ObjectNode node) || type == null) {
            return;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            walk(node.path("items"), type.getContentType(), path + "[]");
            return;
        }
        if (type.isMapLikeType()) {
            walk(node.path("additionalProperties"), type.getContentType(), path + "{}");
            return;
        }
        JsonNode properties = node.path("properties");
        if (!properties.isObject() || properties.isEmpty()) {
            return;
        }
        Map<String, BeanPropertyDefinition> beanProperties = beanProperties(type);
        boolean coreType = CoreTypeFields.isCoreType(type.getRawClass());
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            String at = path + "." + name;
            BeanPropertyDefinition bean = beanProperties.get(name);
            if (bean == null) {
                problems.add(at + ": " + type.getRawClass().getName() + " has no property " + name);
                continue;
            }
            ObjectNode propertySchema = (ObjectNode) property.getValue();
            if (coreType) {
                core.apply(type.getRawClass(), name, propertySchema, at, problems);
            } else {
                applyAnnotations(bean, propertySchema, at);
            }
            walk(propertySchema, bean.getPrimaryType(), at);
        }
    }

    private void applyAnnotations(BeanPropertyDefinition bean, ObjectNode schema, String at) {
        ItemMaxLength itemMaxLength = annotation(bean, ItemMaxLength.class);
        if (itemMaxLength != null) {
            JsonNode items = schema.has("items") ? schema.get("items") : schema.get("additionalProperties");
            if (items instanceof ObjectNode itemSchema && "string".equals(itemSchema.path("type").asText())) {
                itemSchema.put("maxLength", itemMaxLength.value());
            } else {
                problems.add(at + ": @ItemMaxLength needs a list or map of strings");
            }
        }
        if (annotation(bean, ListTypeSet.class) != null) {
            if ("array".equals(schema.path("type").asText()) && SCALAR_TYPES.contains(schema.path("items").path("type").asText())) {
                schema.put("x-kubernetes-list-type", "set");
            } else {
                problems.add(at + ": @ListTypeSet needs a list of scalars");
            }
        }
    }

    private static <A extends Annotation> A annotation(BeanPropertyDefinition bean, Class<A> annotationType) {
        for (AnnotatedMember member : new AnnotatedMember[] {bean.getField(), bean.getGetter(), bean.getSetter()}) {
            if (member != null && member.getAnnotation(annotationType) != null) {
                return member.getAnnotation(annotationType);
            }
        }
        return null;
    }

    private static Map<String, BeanPropertyDefinition> beanProperties(JavaType type) {
        BeanDescription description = TYPES.getSerializationConfig().introspect(type);
        Map<String, BeanPropertyDefinition> properties = new HashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            properties.put(property.getName(), property);
        }
        return properties;
    }
}
