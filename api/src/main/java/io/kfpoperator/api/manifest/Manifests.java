package io.kfpoperator.api.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.Groups;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.api.validation.InvalidResourceException;
import io.kfpoperator.api.validation.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a manifest (already parsed into a JSON tree, from YAML or JSON) into our model class for
 * its kind. Unknown fields and wrong types are rejected with the field path, as a real API server
 * with strict field validation does, so a typo never silently disappears.
 */
public final class Manifests {

    /** Our kinds by name. */
    public static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Pipeline", Pipeline.class,
            "Experiment", Experiment.class,
            "RunConfiguration", RunConfiguration.class,
            "RunSchedule", RunSchedule.class,
            "Run", Run.class,
            "Provider", Provider.class);

    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);

    private Manifests() {
    }

    /** The model object, or {@link InvalidResourceException} naming the field that does not fit. */
    public static HasMetadata read(JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText("");
        String kind = manifest.path("kind").asText("");
        if (!Groups.API_VERSION.equals(apiVersion)) {
            throw invalid("apiVersion", "'" + apiVersion + "' is not served; use " + Groups.API_VERSION);
        }
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw invalid("kind", "'" + kind + "' is not one of " + KINDS.keySet().stream().sorted().collect(Collectors.joining(", ")));
        }
        return read(manifest, type);
    }

    public static <T extends HasMetadata> T read(JsonNode manifest, Class<T> type) {
        try {
            return STRICT.treeToValue(manifest, type);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(FieldPaths.of(e), "unknown field '" + e.getPropertyName() + "'");
        } catch (InvalidFormatException e) {
            throw invalid(FieldPaths.of(e), "'" + e.getValue() + "' is not a valid "
                    + (e.getTargetType().isEnum() ? "value; expected one of " + FieldPaths.enumValues(e.getTargetType())
                    : e.getTargetType().getSimpleName().toLowerCase()));
        } catch (JsonMappingException e) {
            throw invalid(FieldPaths.of(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw invalid("", e.getOriginalMessage());
        }
    }

    /** "spec.run.parameters[2].name" from Jackson's reference chain. */

    private static InvalidResourceException invalid(String path, String message) {
        return new InvalidResourceException(List.of(new Violation(path, message)));
    }
}
