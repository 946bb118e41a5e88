package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An apply that would change fields other managers own, without force: kube-apiserver's 409
 * Conflict with one {@code FieldManagerConflict} cause per field.
 */
public final class ApplyConflictException extends ApplyException {

    private static final long serialVersionUID = 1L;

    /**
     * One field another manager owns.
     *
     * @param manager     the owner's name
     * @param operation   {@code Apply} or {@code Update}
     * @param apiVersion  the version an updater wrote with (null for appliers, which kube does not name by version)
     * @param subresource the subresource it wrote through, or null
     * @param field       the path as kube prints it: {@code .spec.image}, {@code .spec.containers[name="app"].image}
     */
    public record Conflict(String manager, String operation, String apiVersion, String subresource, String field) {

        /** The owner as kube names it: {@code "kubectl-client-side-apply" using pipelines.kubeflow.org/v1beta1}, {@code "flux"}. */
        public String describedManager() {
            return key().describe();
        }

        ManagedFields.ManagerKey key() {
            return new ManagedFields.ManagerKey(manager, operation, apiVersion, subresource);
        }
    }

    private final transient List<Conflict> conflicts;

    ApplyConflictException(List<Conflict> conflicts) {
        super(409, "Conflict", message(conflicts), details(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    /** kube's {@code getConflictMessage}: one line for one conflict, else grouped by manager. */
    private static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            Conflict c = conflicts.get(0);
            return "Apply failed with 1 conflict: conflict with " + c.describedManager() + ": " + c.field();
        }
        Map<String, List<Conflict>> byManager = new LinkedHashMap<>();
        for (Conflict c : conflicts) {
            byManager.computeIfAbsent(c.key().identifier(), k -> new ArrayList<>()).add(c);
        }
        List<String> lines = new ArrayList<>();
        byManager.keySet().stream().sorted().forEach(id -> {
            List<Conflict> owned = byManager.get(id);
            lines.add("conflicts with " + owned.get(0).describedManager() + ":");
            owned.forEach(c -> lines.add("- " + c.field()));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }

    private static ObjectNode details(List<Conflict> conflicts) {
        ObjectNode details = Values.object();
        ArrayNode causes = details.putArray("causes");
        for (Conflict c : conflicts) {
            ObjectNode cause = causes.addObject();
            cause.put("reason", "FieldManagerConflict");
            cause.put("message", "conflict with " + c.describedManager());
            cause.put("field", c.field());
        }
        return details;
    }
}
