package io.kfpoperator.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One invalid field, as kube-apiserver's {@code field.Error} reports it: the text of
 * {@link #toString()} is what kubectl prints after "is invalid: ", and {@link #type()} becomes
 * the {@code reason} of the Status cause.
 *
 * @param type     the cause reason: {@code FieldValueRequired}, {@code FieldValueInvalid},
 *                 {@code FieldValueNotSupported}, {@code FieldValueTooLong}, {@code FieldValueTooMany},
 *                 {@code FieldValueForbidden}, {@code FieldValueDuplicate}, {@code FieldValueTypeInvalid}
 * @param field    the path as kube-apiserver writes it: {@code spec.triggers.schedules[1].cronExpression},
 *                 {@code metadata.labels[app]}
 * @param badValue the offending value, or null where kube-apiserver prints none (Required, Forbidden, TooLong, TooMany)
 * @param detail   the explanation after the value
 */
public record FieldError(Type type, String field, JsonNode badValue, String detail) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** kube-apiserver's field.ErrorType: the cause reason and the words it prints. */
    public enum Type {
        REQUIRED("FieldValueRequired", "Required value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        TYPE_INVALID("FieldValueTypeInvalid", "Invalid value");

        private final String reason;
        private final String words;

        Type(String reason, String words) {
            this.reason = reason;
            this.words = words;
        }

        /** The Status cause reason. */
        public String reason() {
            return reason;
        }

        /** What the message says, e.g. "Required value". */
        public String words() {
            return words;
        }
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, null, detail);
    }

    public static FieldError invalid(String field, JsonNode badValue, String detail) {
        return new FieldError(Type.INVALID, field, badValue, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, null, detail);
    }

    /**
     * {@code field: Words: "value": detail}, as kube-apiserver's {@code (*field.Error).Error()}
     * prints it; the value is left out where kube-apiserver leaves it out.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (field != null && !field.isEmpty()) {
            text.append(field).append(": ");
        }
        text.append(type.words());
        if (badValue != null && type != Type.REQUIRED && type != Type.FORBIDDEN && type != Type.TOO_LONG && type != Type.TOO_MANY) {
            text.append(": ").append(printed(badValue));
        }
        if (detail != null && !detail.isEmpty()) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }

    /** The message of the Status cause: the text without the field (the cause carries it separately). */
    public String causeMessage() {
        String full = toString();
        return field == null || field.isEmpty() ? full : full.substring(field.length() + 2);
    }

    /** A bad value that is a Go value printed as given (e.g. a struct by %#v), not a JSON value. */
    public static JsonNode goLiteral(String printed) {
        return new com.fasterxml.jackson.databind.node.POJONode(new GoLiteral(printed));
    }

    private record GoLiteral(String text) {
    }

    /** Scalars as Go's %#v prints them (strings quoted), objects and lists by their type name, as kube-apiserver does. */
    private static String printed(JsonNode value) {
        if (value instanceof com.fasterxml.jackson.databind.node.POJONode pojo && pojo.getPojo() instanceof GoLiteral literal) {
            return literal.text();
        }
        if (value.isTextual()) {
            try {
                return JSON.writeValueAsString(value.asText());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return "\"" + value.asText() + "\"";
            }
        }
        if (value.isObject()) {
            return "\"object\"";
        }
        if (value.isArray()) {
            return "\"array\"";
        }
        if (value.isNull()) {
            return "\"null\"";
        }
        return value.toString();
    }
}
