package io.kfpoperator.controller.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import com.github.fge.jsonpatch.mergepatch.JsonMergePatch;
import io.kfpoperator.api.v1beta1.Framework;
import io.kfpoperator.api.v1beta1.Patch;
import io.kfpoperator.api.v1beta1.PatchType;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.compile.DefinitionException;
import java.io.IOException;
import java.util.List;

/**
 * A Provider framework's {@code patches}, applied in order to a Pipeline's resource definition
 * before either engine sends it: {@code json} is an RFC 6902 JSON Patch (a list of operations),
 * {@code merge} an RFC 7386 JSON Merge Patch. A patch that is not valid JSON or does not apply
 * (a {@code test} that fails, a path that is missing) fails the Pipeline with the patch's field
 * path on the Provider: retrying the same patch cannot help.
 */
public final class FrameworkPatches {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FrameworkPatches() {
    }

    /** {@code definition} after the patches of the Provider framework named {@code framework} (unchanged when none). */
    public static ObjectNode apply(ObjectNode definition, Provider provider, String framework) {
        if (provider == null || provider.getSpec() == null || provider.getSpec().getFrameworks() == null) {
            return definition;
        }
        List<Framework> frameworks = provider.getSpec().getFrameworks();
        for (int f = 0; f < frameworks.size(); f++) {
            if (framework.equalsIgnoreCase(frameworks.get(f).getName()) && frameworks.get(f).getPatches() != null) {
                return apply(definition, frameworks.get(f).getPatches(), provider.getMetadata().getNamespace() + "/"
                        + provider.getMetadata().getName(), "spec.frameworks[" + f + "].patches");
            }
        }
        return definition;
    }

    private static ObjectNode apply(ObjectNode definition, List<Patch> patches, String provider, String path) {
        JsonNode patched = definition;
        for (int i = 0; i < patches.size(); i++) {
            String where = "Provider " + provider + " " + path + "[" + i + "]";
            patched = apply(patched, patches.get(i), where);
        }
        if (!patched.isObject()) {
            throw new DefinitionException(where(path, provider) + ": the patched pipeline definition is no longer a JSON object", false);
        }
        return (ObjectNode) patched;
    }

    private static JsonNode apply(JsonNode target, Patch patch, String where) {
        if (patch.getType() == null) {
            throw new DefinitionException(where + ".type: must be json or merge", false);
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(patch.effectivePayload() == null ? "" : patch.effectivePayload());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DefinitionException(where + ".payload: not valid JSON: " + e.getOriginalMessage(), false);
        }
        if (payload == null || payload.isMissingNode()) {
            throw new DefinitionException(where + ".payload: empty", false);
        }
        try {
            if (patch.getType() == PatchType.JSON) {
                if (!payload.isArray()) {
                    throw new DefinitionException(where + ".payload: a json patch is a list of operations (RFC 6902)", false);
                }
                return JsonPatch.fromJson(payload).apply(target);
            }
            return JsonMergePatch.fromJson(payload).apply(target);
        } catch (IOException e) {
            throw new DefinitionException(where + ".payload: not a valid " + patch.getType().wireName() + " patch: " + e.getMessage(), false);
        } catch (JsonPatchException e) {
            throw new DefinitionException(where + ": does not apply to the pipeline definition: " + e.getMessage(), false);
        }
    }

    private static String where(String path, String provider) {
        return "Provider " + provider + " " + path;
    }
}
