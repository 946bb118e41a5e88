package io.kfpoperator.api.manifest;

import com.fasterxml.jackson.databind.JsonMappingException;

/** The field path a user reads ("spec.run.parameters[2].name") of a Jackson mapping error. */
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
}
