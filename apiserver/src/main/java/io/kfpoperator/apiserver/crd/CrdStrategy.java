package io.kfpoperator.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;
import io.kfpoperator.apiserver.objects.ApiException;
import io.kfpoperator.apiserver.objects.ObjectApi;
import io.kfpoperator.apiserver.objects.Strategy;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A CustomResourceDefinition as kube-apiserver admits it: its name is {@code <plural>.<group>},
 * one version is the storage version, every version's CEL rules compile and fit the cost
 * budget (else 422, as a real cluster refuses the CRD); then it is accepted and established at
 * once (the status the apiextensions controllers would write), with the storage version
 * recorded in {@code status.storedVersions}.
 */
public final class CrdStrategy implements Strategy {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResourceType crdType;
    private final Clock clock;

    public CrdStrategy(ResourceType crdType, Clock clock) {
        this.crdType = crdType;
        this.clock = clock;
    }

    @Override
    public void prepare(ObjectNode crd, ObjectNode old) throws ApiException {
        String name = crd.path("metadata").path("name").asText();
        JsonNode spec = crd.path("spec");
        List<FieldError> errors = new ArrayList<>();
        String expected = spec.path("names").path("plural").asText() + "." + spec.path("group").asText();
        if (!name.equals(expected)) {
            errors.add(FieldError.invalid("metadata.name", JSON.textNode(name), "must be spec.names.plural+\".\"+spec.group"));
        }
        String storage = null;
        int storageCount = 0;
        JsonNode versions = spec.path("versions");
        for (JsonNode version : versions) {
            if (version.path("storage").asBoolean(false)) {
                storage = version.path("name").asText();
                storageCount++;
            }
        }
        if (storageCount != 1) {
            errors.add(FieldError.invalid("spec.versions", JSON.numberNode(storageCount), "must have exactly one version marked as storage version"));
        }
        // v1 conversion.go: versions whose schemas are all identical (one version included) are validated as the
        // internal spec.validation, so the errors name spec.validation.openAPIV3Schema; otherwise each version's.
        boolean identical = true;
        for (JsonNode version : versions) {
            identical &= version.path("schema").equals(versions.path(0).path("schema"));
        }
        if (identical && !versions.isEmpty()) {
            errors.addAll(Schemas.crdErrors(versions.get(0).path("schema").path("openAPIV3Schema"), "spec.validation.openAPIV3Schema"));
        } else {
            for (int i = 0; i < versions.size(); i++) {
                JsonNode schema = versions.get(i).path("schema").path("openAPIV3Schema");
                errors.addAll(Schemas.crdErrors(schema, "spec.versions[" + i + "].schema.openAPIV3Schema"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(crdType, name, errors);
        }
        ObjectNode status = JSON.objectNode();
        status.set("acceptedNames", spec.path("names").deepCopy());
        ArrayNode conditions = status.putArray("conditions");
        String now = ObjectApi.timestamp(clock.instant());
        conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("reason", "NoConflicts")
                .put("message", "no conflicts found").put("lastTransitionTime", now);
        conditions.addObject().put("type", "Established").put("status", "True").put("reason", "InitialNamesAccepted")
                .put("message", "the initial names have been accepted").put("lastTransitionTime", now);
        Set<String> stored = new LinkedHashSet<>();
        if (old != null) {
            old.path("status").path("storedVersions").forEach(v -> stored.add(v.asText()));
            if (old.path("status").path("conditions").isArray()) {
                status.set("conditions", old.path("status").path("conditions").deepCopy());
            }
        }
        if (storage != null) {
            stored.add(storage);
        }
        ArrayNode storedVersions = status.putArray("storedVersions");
        stored.forEach(storedVersions::add);
        // A version objects may still be stored at cannot leave spec.versions: migrate them and
        // drop it from status.storedVersions first (apiextensions' ValidateCustomResourceDefinitionStoredVersions).
        List<FieldError> storedErrors = storedVersionErrors(storedVersions, versions);
        if (!storedErrors.isEmpty()) {
            throw ApiException.invalid(crdType, name, storedErrors);
        }
        crd.set("status", status);
    }

    /** A status write (how a storage migration records that no object is stored at an old version any more). */
    @Override
    public void prepareStatus(ObjectNode crd, ObjectNode old) throws ApiException {
        List<FieldError> errors = storedVersionErrors(crd.path("status").path("storedVersions"), crd.path("spec").path("versions"));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(crdType, crd.path("metadata").path("name").asText(), errors);
        }
    }

    /** A []string as Go's %#v prints it: []string{"v1alpha1", "v1"}. */
    private static JsonNode goStrings(JsonNode list) {
        List<String> quoted = new ArrayList<>();
        list.forEach(v -> quoted.add("\"" + v.asText() + "\""));
        return FieldError.goLiteral("[]string{" + String.join(", ", quoted) + "}");
    }

    private static List<FieldError> storedVersionErrors(JsonNode storedVersions, JsonNode versions) {
        List<FieldError> errors = new ArrayList<>();
        if (!storedVersions.isArray() || storedVersions.isEmpty()) {
            errors.add(FieldError.invalid("status.storedVersions", goStrings(storedVersions), "must have at least one stored version"));
            return errors;
        }
        Set<String> listed = new LinkedHashSet<>();
        storedVersions.forEach(v -> listed.add(v.asText()));
        for (JsonNode version : versions) {
            String versionName = version.path("name").asText();
            if (version.path("storage").asBoolean(false) && !listed.contains(versionName)) {
                errors.add(FieldError.invalid("status.storedVersions", goStrings(storedVersions), "must have the storage version " + versionName));
            }
            listed.remove(versionName);
        }
        int index = 0;
        for (JsonNode stored : storedVersions) {
            if (listed.contains(stored.asText())) {
                errors.add(FieldError.invalid("status.storedVersions[" + index + "]", stored, "must appear in spec.versions"));
            }
            index++;
        }
        return errors;
    }
}
