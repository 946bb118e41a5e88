package io.kfpoperator.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import io.kfpoperator.apiserver.objects.ApiException;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.io.IOException;
import java.util.Map;

/**
 * The patch types of kube-apiserver's PATCH verb. Custom resources take JSON patch (RFC 6902,
 * {@code test} included) and JSON merge patch (RFC 7386: objects merge, {@code null} removes,
 * lists and scalars replace); strategic merge patch is refused with 415 as for any custom
 * resource. Built-in kinds also take strategic merge patches, here read as merge patches with the
 * strategic directives ({@code $patch}, {@code $setElementOrder}, {@code $retainKeys}) dropped.
 */
public final class Patches {

    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String APPLY_PATCH_YAML = "application/apply-patch+yaml";
    public static final String APPLY_PATCH_CBOR = "application/apply-patch+cbor";

    private Patches() {
    }

    /** The patch type of a Content-Type header, refused as kube-apiserver refuses it for {@code type}. */
    public static String type(String contentType, ResourceType type) throws ApiException {
        String media = contentType == null ? "" : contentType.split(";")[0].trim();
        boolean strategicAllowed = !type.custom();
        switch (media) {
            case JSON_PATCH, MERGE_PATCH, APPLY_PATCH_YAML -> {
                return media;
            }
            case STRATEGIC_MERGE_PATCH -> {
                if (strategicAllowed) {
                    return media;
                }
            }
            default -> {
            }
        }
        String accepted = strategicAllowed
                ? "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml"
                : "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";
        throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: " + accepted);
    }

    /** RFC 7386. */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /**
     * RFC 6902; a malformed patch is answered 400, and a patch that does not apply (a failed
     * {@code test} included) 422 with only the generic message: kube-apiserver builds that answer
     * with {@code NewGenericServerResponse(422, …)}, which drops the patch library's words.
     */
    public static JsonNode jsonPatch(JsonNode target, JsonNode patch) throws ApiException {
        JsonPatch parsed;
        try {
            parsed = JsonPatch.fromJson(patch);
        } catch (IOException | RuntimeException e) {
            throw ApiException.badRequest("the server rejected our request due to an error in our request: invalid JSON patch: " + e.getMessage());
        }
        try {
            return parsed.apply(target);
        } catch (JsonPatchException e) {
            ApiException invalid = ApiException.of(422, "Invalid", "the server rejected our request due to an error in our request");
            ObjectNode status = invalid.status();
            status.putObject("details");
            throw new ApiException(422, status);
        }
    }

    /** A strategic merge patch on a built-in kind, without list merge keys: a merge patch once its directives are dropped. */
    public static JsonNode strategicMergePatch(JsonNode target, JsonNode patch) {
        JsonNode plain = patch.deepCopy();
        dropDirectives(plain);
        return mergePatch(target, plain);
    }

    private static void dropDirectives(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).properties().removeIf(e -> e.getKey().startsWith("$"));
            node.forEach(Patches::dropDirectives);
        } else if (node.isArray()) {
            node.forEach(Patches::dropDirectives);
        }
    }
}
