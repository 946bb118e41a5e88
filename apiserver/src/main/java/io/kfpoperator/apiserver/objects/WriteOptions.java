package io.kfpoperator.apiserver.objects;

import java.util.Locale;

/**
 * The query parameters every write takes: {@code dryRun=All}, {@code fieldManager},
 * {@code fieldValidation} (Strict, Warn — kube-apiserver's default — or Ignore) and, for apply,
 * {@code force}; plus the User-Agent, which names the manager when the request does not.
 */
public record WriteOptions(boolean dryRun, String fieldManager, FieldValidation fieldValidation, boolean force, String userAgent) {

    public enum FieldValidation { STRICT, WARN, IGNORE }

    public static final WriteOptions DEFAULTS = new WriteOptions(false, null, FieldValidation.WARN, false, null);

    /** Reads the parameters as kube-apiserver does, refusing values it refuses. */
    public static WriteOptions of(java.util.Map<String, String> query, String userAgent) throws ApiException {
        String dryRun = query.get("dryRun");
        if (dryRun != null && !dryRun.equals("All")) {
            throw ApiException.badRequest("dryRun: Unsupported value: \"" + dryRun + "\": supported values: \"All\"");
        }
        String validation = query.getOrDefault("fieldValidation", "Warn");
        FieldValidation fieldValidation = switch (validation.toLowerCase(Locale.ROOT)) {
            case "strict" -> FieldValidation.STRICT;
            case "warn", "" -> FieldValidation.WARN;
            case "ignore" -> FieldValidation.IGNORE;
            default -> throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + validation
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        };
        String manager = query.get("fieldManager");
        if (manager != null && manager.length() > 128) {
            throw ApiException.badRequest("fieldManager: Too long: may not be more than 128 bytes");
        }
        String force = query.get("force");
        return new WriteOptions(dryRun != null, manager, fieldValidation, force != null && !force.equals("false"), userAgent);
    }

    /**
     * The manager recorded in managedFields: the request's fieldManager, else the User-Agent up to
     * its first "/" (kube-apiserver's default), e.g. {@code kubectl-client-side-apply} or {@code fabric8-kubernetes-client}.
     */
    public String manager() {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            return fieldManager;
        }
        if (userAgent == null || userAgent.isEmpty()) {
            return "unknown";
        }
        int slash = userAgent.indexOf('/');
        String prefix = slash < 0 ? userAgent : userAgent.substring(0, slash);
        return prefix.length() > 128 ? prefix.substring(0, 128) : prefix;
    }
}
