package io.kfpoperator.controller.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.api.v1beta1.Groups;
import io.kfpoperator.api.validation.Violation;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code admission.k8s.io/v1 AdmissionReview} wire format: the request kube-apiserver sends,
 * the response it expects (same apiVersion and kind, {@code response.uid} echoed). A denial carries
 * a {@code meta/v1 Status} as controller-runtime builds it from {@code apierrors.NewInvalid}:
 * code 422, reason Invalid, one cause per field, so kube-apiserver passes the field paths on to kubectl.
 */
public final class AdmissionReviews {

    public static final String API_VERSION = "admission.k8s.io/v1";
    public static final String KIND = "AdmissionReview";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdmissionReviews() {
    }

    /** A review the webhook cannot answer: HTTP 400 with the reason. */
    public static final class MalformedReviewException extends Exception {
        public MalformedReviewException(String message) {
            super(message);
        }
    }

    /** What the webhook reads from {@code request}. */
    public record Request(String uid, String operation, String subResource, JsonNode object, JsonNode oldObject) {
    }

    public static Request parse(byte[] body) throws MalformedReviewException {
        JsonNode review;
        try {
            review = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedReviewException("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedReviewException("the body cannot be read: " + e.getMessage());
        }
        if (review == null || !review.isObject()) {
            throw new MalformedReviewException("the body must be an AdmissionReview object");
        }
        if (!API_VERSION.equals(review.path("apiVersion").asText()) || !KIND.equals(review.path("kind").asText())) {
            throw new MalformedReviewException("apiVersion and kind must be " + API_VERSION + " " + KIND + " (got '"
                    + review.path("apiVersion").asText() + "' '" + review.path("kind").asText() + "'); list v1 in admissionReviewVersions");
        }
        JsonNode request = review.path("request");
        if (!request.isObject()) {
            throw new MalformedReviewException("request: is required");
        }
        String uid = request.path("uid").asText("");
        if (uid.isEmpty()) {
            throw new MalformedReviewException("request.uid: is required");
        }
        String operation = request.path("operation").asText("");
        if (!List.of("CREATE", "UPDATE", "DELETE", "CONNECT").contains(operation)) {
            throw new MalformedReviewException("request.operation: '" + operation + "' is not CREATE, UPDATE, DELETE or CONNECT");
        }
        JsonNode object = request.get("object");
        if (("CREATE".equals(operation) || "UPDATE".equals(operation)) && (object == null || !object.isObject())) {
            throw new MalformedReviewException("request.object: is required for " + operation);
        }
        JsonNode old = request.get("oldObject");
        return new Request(uid, operation, request.path("subResource").asText(""), object, old == null || old.isNull() ? null : old);
    }

    /** {@code response.allowed: true}. */
    public static ObjectNode allowed(String uid) {
        ObjectNode review = review();
        review.putObject("response").put("uid", uid).put("allowed", true);
        return review;
    }

    /** {@code response.allowed: false} with a 422 Invalid Status naming every field. */
    public static ObjectNode denied(String uid, JsonNode object, List<Violation> violations) {
        String kind = object.path("kind").asText();
        String name = object.path("metadata").path("name").asText("");
        String list = violations.size() == 1 ? text(violations.get(0))
                : "[" + violations.stream().map(AdmissionReviews::text).collect(Collectors.joining(", ")) + "]";
        ObjectNode review = review();
        ObjectNode response = review.putObject("response").put("uid", uid).put("allowed", false);
        ObjectNode status = response.putObject("status");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", kind + "." + Groups.PIPELINES + " \"" + name + "\" is invalid: " + list)
                .put("reason", "Invalid").put("code", 422);
        ObjectNode details = status.putObject("details").put("name", name).put("group", Groups.PIPELINES).put("kind", kind);
        ArrayNode causes = details.putArray("causes");
        for (Violation v : violations) {
            causes.addObject().put("reason", "FieldValueInvalid").put("message", v.message()).put("field", v.path());
        }
        return review;
    }

    /** A review the webhook could not decide (e.g. the Provider could not be read): refused with {@code code}. */
    public static ObjectNode failed(String uid, int code, String message) {
        ObjectNode review = review();
        ObjectNode response = review.putObject("response").put("uid", uid).put("allowed", false);
        ObjectNode status = response.putObject("status");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", code == 400 ? "BadRequest" : "InternalError").put("code", code);
        return review;
    }

    private static String text(Violation v) {
        return v.path().isEmpty() ? v.message() : v.toString();
    }

    private static ObjectNode review() {
        return JSON.createObjectNode().put("apiVersion", API_VERSION).put("kind", KIND);
    }
}
