package io.kfpoperator.apiserver.objects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A request the server refuses, carrying the {@code meta/v1 Status} kube-apiserver answers with:
 * the HTTP code, the reason clients branch on (fabric8 and client-go read {@code reason} and
 * {@code details}), and the message kubectl prints.
 */
public class ApiException extends Exception {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final int code;
    private final ObjectNode status;

    public ApiException(int code, ObjectNode status) {
        super(status.path("message").asText());
        this.code = code;
        this.status = status;
    }

    public int code() {
        return code;
    }

    public ObjectNode status() {
        return status.deepCopy();
    }

    public String reason() {
        return status.path("reason").asText();
    }

    static ObjectNode statusBody(int code, String reason, String message) {
        ObjectNode status = JSON.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message);
        if (reason != null) {
            status.put("reason", reason);
        }
        return status;
    }

    private static ApiException withDetails(int code, String reason, String message, ResourceType type, String name) {
        ObjectNode status = statusBody(code, reason, message);
        ObjectNode details = status.putObject("details");
        if (name != null) {
            details.put("name", name);
        }
        if (!type.group().isEmpty()) {
            // StatusDetails.Group is omitempty: the core group leaves it out.
            details.put("group", type.group());
        }
        details.put("kind", type.plural());
        status.put("code", code);
        return new ApiException(code, status);
    }

    public static ApiException of(int code, String reason, String message) {
        ObjectNode status = statusBody(code, reason, message);
        status.put("code", code);
        return new ApiException(code, status);
    }

    public static ApiException notFound(ResourceType type, String name) {
        return withDetails(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found", type, name);
    }

    /** The namespace a request names does not exist: what NamespaceLifecycle admission passes on from its lookup. */
    public static ApiException namespaceNotFound(String namespace) {
        ObjectNode status = statusBody(404, "NotFound", "namespaces \"" + namespace + "\" not found");
        status.putObject("details").put("name", namespace).put("kind", "namespaces");
        status.put("code", 404);
        return new ApiException(404, status);
    }

    /**
     * A create in a terminating namespace, as NamespaceLifecycle refuses it: admission.NewForbidden
     * (resource, object name, reason) plus a NamespaceTerminating cause.
     */
    public static ApiException namespaceTerminating(ResourceType type, String name, String namespace) {
        String why = "unable to create new content in namespace " + namespace + " because it is being terminated";
        String message = name == null || name.isEmpty() ? type.qualifiedPlural() + " is forbidden: " + why
                : type.qualifiedPlural() + " \"" + name + "\" is forbidden: " + why;
        ObjectNode status = statusBody(403, "Forbidden", message);
        ObjectNode details = status.putObject("details").put("name", name == null ? "" : name).put("group", type.group()).put("kind", type.plural());
        details.putArray("causes").addObject().put("reason", "NamespaceTerminating").put("message", "namespace " + namespace + " is being terminated")
                .put("field", "metadata.namespace");
        status.put("code", 403);
        return new ApiException(403, status);
    }

    public static ApiException alreadyExists(ResourceType type, String name) {
        return withDetails(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists", type, name);
    }

    /** The optimistic-concurrency conflict of an update whose resourceVersion is stale. */
    public static ApiException conflict(ResourceType type, String name, String why) {
        return withDetails(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \"" + name + "\": " + why, type, name);
    }

    public static ApiException badRequest(String message) {
        return of(400, "BadRequest", message);
    }

    public static ApiException methodNotAllowed(String message) {
        return of(405, "MethodNotAllowed", message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return of(415, "UnsupportedMediaType", message);
    }

    public static ApiException gone(String message) {
        return of(410, "Expired", message);
    }

    public static ApiException internal(String message) {
        return of(500, "InternalError", "Internal error occurred: " + message);
    }

    /**
     * The update without a resourceVersion of a kind that allows no unconditional update (every
     * custom resource), as the generic registry's {@code Store.Update} builds it: the qualified
     * kind is the resource ({@code pipelines.pipelines.kubeflow.org}) and the value is Go's
     * {@code %#v} of a uint64 zero, {@code 0x0}.
     */
    public static ApiException resourceVersionRequired(ResourceType type, String name) {
        String detail = "Invalid value: 0x0: must be specified for an update";
        ObjectNode status = statusBody(422, "Invalid", type.qualifiedPlural() + " \"" + name + "\" is invalid: metadata.resourceVersion: " + detail);
        ObjectNode details = status.putObject("details");
        details.put("name", name).put("group", type.group()).put("kind", type.plural());
        details.putArray("causes").addObject().put("reason", FieldError.Type.INVALID.reason()).put("message", detail)
                .put("field", "metadata.resourceVersion");
        status.put("code", 422);
        return new ApiException(422, status);
    }

    /**
     * 422 Invalid: {@code Kind.group "name" is invalid: <error>} for one error and
     * {@code is invalid: [<e1>, <e2>]} for several, one cause per error, as kube-apiserver's
     * {@code NewInvalid} builds it.
     */
    public static ApiException invalid(ResourceType type, String name, List<FieldError> errors) {
        String qualifiedKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
        String list = errors.size() == 1 ? errors.get(0).toString()
                : "[" + errors.stream().map(FieldError::toString).collect(Collectors.joining(", ")) + "]";
        ObjectNode status = statusBody(422, "Invalid", qualifiedKind + " \"" + (name == null ? "" : name) + "\" is invalid: " + list);
        ObjectNode details = status.putObject("details");
        details.put("name", name == null ? "" : name).put("group", type.group()).put("kind", type.kind());
        ArrayNode causes = details.putArray("causes");
        for (FieldError error : errors) {
            causes.addObject().put("reason", error.type().reason()).put("message", error.causeMessage()).put("field", error.field());
        }
        status.put("code", 422);
        return new ApiException(422, status);
    }
}
