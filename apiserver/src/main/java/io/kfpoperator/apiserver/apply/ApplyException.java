package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A failed apply (or a write whose managed fields cannot be recorded), carrying the Status
 * kube-apiserver answers with: {@link #code()}, {@link #reason()} and {@link #status()}.
 */
public class ApplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;
    private final transient ObjectNode details;

    protected ApplyException(int code, String reason, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    /** 400 BadRequest, e.g. {@code metadata.managedFields must be nil}. */
    static ApplyException badRequest(String message) {
        return new ApplyException(400, "BadRequest", message, null);
    }

    /**
     * 500 with no reason: what kube-apiserver answers for errors that are not a Status, e.g. an apply
     * configuration with a field the schema does not declare.
     */
    static ApplyException internal(String message) {
        return new ApplyException(500, null, message, null);
    }

    /** 422 Invalid for request options, e.g. {@code PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: ...}. */
    public static ApplyException invalidOptions(String kind, List<FieldError> errors) {
        String qualified = kind + ".meta.k8s.io";
        String message = errors.size() == 1
                ? qualified + " \"\" is invalid: " + errors.get(0)
                : qualified + " \"\" is invalid: " + errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
        ObjectNode details = Values.object();
        details.put("group", "meta.k8s.io");
        details.put("kind", kind);
        ArrayNode causes = details.putArray("causes");
        for (FieldError e : errors) {
            ObjectNode cause = causes.addObject();
            cause.put("reason", e.type().reason());
            cause.put("message", e.causeMessage());
            cause.put("field", e.field());
        }
        return new ApplyException(422, "Invalid", message, details);
    }

    /** The HTTP status code. */
    public int code() {
        return code;
    }

    /** The Status reason, or null where kube-apiserver gives none. */
    public String reason() {
        return reason;
    }

    /** The {@code Status} object kube-apiserver writes as the response body. */
    public ObjectNode status() {
        ObjectNode status = Values.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        if (reason != null) {
            status.put("reason", reason);
        }
        if (details != null) {
            status.set("details", details.deepCopy());
        }
        status.put("code", code);
        return status;
    }
}
