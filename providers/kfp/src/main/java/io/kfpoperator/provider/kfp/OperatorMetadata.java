package io.kfpoperator.provider.kfp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Our names for a KFP run or recurring run. KFP v2beta1 runs have no labels, so they travel in
 * the description after a marker; completion events are built from them, and the version makes
 * a repeated create find the object it made before.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
record OperatorMetadata(
        String name,
        String version,
        String pipelineName,
        String pipelineVersion,
        String runConfigurationName,
        String runName,
        String triggerType,
        String triggerSource,
        String triggerSourceNamespace) {

    static final String MARKER = "kfp-operator-metadata:";

    String toDescription(ObjectMapper mapper) {
        try {
            return "Managed by kfp-operator. " + MARKER + mapper.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise run metadata", e);
        }
    }

    /** Empty for descriptions we did not write (runs started outside the operator). */
    static Optional<OperatorMetadata> fromDescription(String description, ObjectMapper mapper) {
        if (description == null) {
            return Optional.empty();
        }
        int at = description.indexOf(MARKER);
        if (at < 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(mapper.readValue(description.substring(at + MARKER.length()),
                    OperatorMetadata.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
