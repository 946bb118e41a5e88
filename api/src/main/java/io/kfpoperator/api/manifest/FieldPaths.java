package io.kfpoperator.api.manifest;

import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * What a user reads about a field that did not map: its path ("spec.run.parameters[2].name") and,
 * for enums, the values as written in manifests.
 */
public final class FieldPaths {

    private FieldPaths() {
    }

    public static String of(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** An enum's values as written in manifests (their {@code @JsonProperty} names), comma separated. */
    public static String enumValues(Class<?> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(constant -> {
            try {
                return type.getField(((Enum<?>) constant).name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value();
            } catch (NoSuchFieldException | NullPointerException e) {
                return constant.toString();
            }
        }).collect(java.util.stream.Collectors.joining(", "));
    }
}
