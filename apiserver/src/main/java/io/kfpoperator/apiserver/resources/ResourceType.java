package io.kfpoperator.apiserver.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One resource kind the front knows: what discovery lists, what the Table printer and admission
 * need. Built-in kinds have no schema and default printer columns.
 *
 * @param group          API group, empty for the core group
 * @param schema         the CRD's openAPIV3Schema, or null for built-in kinds
 * @param printerColumns the CRD's additionalPrinterColumns (empty: Name and Age, as the real server prints)
 * @param storageVersion the version objects are written at: the CRD's storage version, a built-in kind's own version
 */
public record ResourceType(
        String group,
        String version,
        String plural,
        String singular,
        String kind,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        boolean statusSubresource,
        List<PrinterColumn> printerColumns,
        JsonNode schema,
        String storageVersion) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        printerColumns = List.copyOf(printerColumns);
    }

    public static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** "v1" for the core group, "group/version" otherwise: the apiVersion objects are written at. */
    public String storageGroupVersion() {
        return group.isEmpty() ? storageVersion : group + "/" + storageVersion;
    }

    /** "v1" for the core group, "group/version" otherwise. */
    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** "pipelines.pipelines.kubeflow.org", or "namespaces" in the core group: how the real server names the kind in messages. */
    public String qualifiedPlural() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** A column of `kubectl get`; {@code jsonPath} is evaluated by {@link JsonPath}. */
    public record PrinterColumn(String name, String type, String format, String description, int priority, String jsonPath) {
    }

    /** Whether this is a custom resource (served from a CRD, validated by its schema). */
    public boolean custom() {
        return schema != null;
    }

    /**
     * Whether objects of this kind carry {@code metadata.generation}: custom resources and the
     * built-in kinds whose registry strategy sets it (CRDs, Deployments, Jobs). The generic
     * registry sets none, so ConfigMaps, Secrets, Namespaces, Services, Pods (before 1.33) have none.
     */
    public boolean tracksGeneration() {
        return custom() || switch (group + "/" + plural) {
            case "apiextensions.k8s.io/customresourcedefinitions", "apps/deployments", "batch/jobs" -> true;
            default -> false;
        };
    }

    /** kube's ResetFields: the status subresource owns {@code status}, the main resource everything else. */
    ResourceType withStatus() {
        return new ResourceType(group, version, plural, singular, kind, namespaced, shortNames, categories, true, printerColumns, schema,
                storageVersion);
    }

    /** {@code kubectl get all} lists the kinds in category {@code all}. */
    ResourceType withCategories(String... values) {
        return new ResourceType(group, version, plural, singular, kind, namespaced, shortNames, List.of(values), statusSubresource,
                printerColumns, schema, storageVersion);
    }

    static ResourceType builtin(String group, String version, String plural, String kind, boolean namespaced, String... shortNames) {
        return new ResourceType(group, version, plural, kind.toLowerCase(java.util.Locale.ROOT), kind, namespaced,
                List.of(shortNames), List.of(), false, List.of(), null, version);
    }
}
