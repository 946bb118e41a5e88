package io.kfpoperator.apiserver.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds the front serves: the built-in ones kubectl and the controller touch, plus one entry
 * per served version of every stored CustomResourceDefinition. Immutable; the front builds a new
 * one from the stored CRDs per request, so a CRD applied with kubectl shows up at once.
 */
public final class ResourceRegistry {

    /** Built-in kinds kubectl users and the controller need; the mock stores any of them without a schema. */
    /**
     * Built-in kinds kubectl users and the controller need, stored without a schema. Those with
     * a status subresource keep status and spec apart as kube-apiserver does.
     */
    public static final List<ResourceType> BUILTINS = List.of(
            ResourceType.builtin("", "v1", "namespaces", "Namespace", false, "ns").withStatus(),
            events(),
            ResourceType.builtin("", "v1", "configmaps", "ConfigMap", true, "cm"),
            ResourceType.builtin("", "v1", "secrets", "Secret", true),
            ResourceType.builtin("", "v1", "services", "Service", true, "svc").withCategories("all").withStatus(),
            ResourceType.builtin("", "v1", "serviceaccounts", "ServiceAccount", true, "sa"),
            ResourceType.builtin("", "v1", "pods", "Pod", true, "po").withCategories("all").withStatus(),
            ResourceType.builtin("apps", "v1", "deployments", "Deployment", true, "deploy").withCategories("all").withStatus(),
            ResourceType.builtin("batch", "v1", "jobs", "Job", true).withCategories("all").withStatus(),
            ResourceType.builtin("coordination.k8s.io", "v1", "leases", "Lease", true),
            ResourceType.builtin("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
            ResourceType.builtin("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
            ResourceType.builtin("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false),
            ResourceType.builtin("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, "crd", "crds")
                    .withStatus());

    private final List<ResourceType> types;

    /** Events print as `kubectl get events` users expect: when, what kind, why, about what, and the message. */
    private static ResourceType events() {
        ResourceType plain = ResourceType.builtin("", "v1", "events", "Event", true, "ev");
        return new ResourceType(plain.group(), plain.version(), plain.plural(), plain.singular(), plain.kind(), true, plain.shortNames(),
                List.of(), false, List.of(
                        new ResourceType.PrinterColumn("Last Seen", "date", "", "When the event last happened.", 0, ".lastTimestamp"),
                        new ResourceType.PrinterColumn("Type", "string", "", "Normal or Warning.", 0, ".type"),
                        new ResourceType.PrinterColumn("Reason", "string", "", "Why the event happened.", 0, ".reason"),
                        new ResourceType.PrinterColumn("Object", "string", "", "The object the event is about.", 0, ".involvedObject.name"),
                        new ResourceType.PrinterColumn("Message", "string", "", "What happened.", 0, ".message")),
                null, plain.storageVersion());
    }

    public ResourceRegistry(List<ResourceType> types) {
        this.types = List.copyOf(types);
    }

    /** Built-ins plus the served versions of {@code crds} (CustomResourceDefinition objects as JSON). */
    public static ResourceRegistry of(List<? extends JsonNode> crds) {
        List<ResourceType> types = new ArrayList<>(BUILTINS);
        for (JsonNode crd : crds) {
            types.addAll(fromCrd(crd));
        }
        return new ResourceRegistry(types);
    }

    public static List<ResourceType> fromCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<ResourceType> types = new ArrayList<>();
        String storage = null;
        for (JsonNode version : spec.path("versions")) {
            if (version.path("storage").asBoolean(false)) {
                storage = version.path("name").asText();
            }
        }
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("served").asBoolean(true)) {
                continue;
            }
            List<ResourceType.PrinterColumn> columns = new ArrayList<>();
            for (JsonNode column : version.path("additionalPrinterColumns")) {
                columns.add(new ResourceType.PrinterColumn(column.path("name").asText(), column.path("type").asText("string"),
                        column.path("format").asText(""), column.path("description").asText(""), column.path("priority").asInt(0),
                        column.path("jsonPath").asText()));
            }
            types.add(new ResourceType(spec.path("group").asText(), version.path("name").asText(), names.path("plural").asText(),
                    names.path("singular").asText(names.path("kind").asText().toLowerCase(java.util.Locale.ROOT)),
                    names.path("kind").asText(), !"Cluster".equals(spec.path("scope").asText()), strings(names.path("shortNames")),
                    strings(names.path("categories")), version.path("subresources").has("status"), columns,
                    version.path("schema").path("openAPIV3Schema"), storage == null ? version.path("name").asText() : storage));
        }
        return types;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    public List<ResourceType> types() {
        return types;
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural)).findFirst();
    }

    /** Group name → versions served, in registration order (the first is the preferred version). */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ResourceType type : types) {
            if (!type.group().isEmpty()) {
                List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
                if (!versions.contains(type.version())) {
                    versions.add(type.version());
                }
            }
        }
        return groups;
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).collect(Collectors.toList());
    }
}
