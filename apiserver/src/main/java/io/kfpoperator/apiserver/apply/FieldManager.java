package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kfpoperator.apiserver.FieldError;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Server-side apply and managed fields for one kind of resource, as kube-apiserver's field manager
 * (k8s.io/apimachinery {@code util/managedfields}) and structured-merge-diff implement them. It works on
 * whole objects and leaves storage, preconditions, admission and validation to the server.
 *
 * <p>What it does, in kube's order:
 * <ul>
 *   <li>{@link #apply}: checks the request ({@code fieldManager} required; body apiVersion and kind those of
 *       the resource; no {@code metadata.managedFields} list in the body; the body fits the schema), gives the
 *       fields of an object nobody tracks yet to {@code before-first-apply}, merges the configuration into the
 *       live object, removes what the manager applied last time and no longer applies (unless someone else
 *       owns it), fails with {@link ApplyConflictException} where other managers own fields whose value would
 *       change (unless {@code force}, which takes them over), lets {@code kubectl} take over fields its
 *       client-side apply annotation accounts for, keeps that annotation up to date, and records the
 *       manager's fields under an {@code Apply} entry, with the time only when the object changed;</li>
 *   <li>{@link #recordUpdate}: for any other write, moves the fields that changed to the writer's
 *       {@code Update} entry (a fresh create gives it every field), honours a client's reset of managedFields
 *       ({@code []} or {@code [{}]}), and stops tracking on objects whose managedFields were cleared.</li>
 * </ul>
 * With a status subresource, writes to the main resource neither own nor change {@code status}, and writes
 * to {@code status} own and change nothing else.
 *
 * <p>Metadata kube never tracks: {@code apiVersion}, {@code kind}, {@code metadata} itself and
 * {@code metadata.name}, {@code namespace}, {@code creationTimestamp}, {@code selfLink}, {@code uid},
 * {@code clusterName}, {@code generation}, {@code managedFields}, {@code resourceVersion} (kube's
 * {@code stripMetaManager}).
 *
 * <p>Instances hold no state beyond their rules and may be shared between threads; inputs are not modified
 * except {@code updated} in {@link #recordUpdate}.
 */
public final class FieldManager {

    /** kube's {@code DefaultMaxUpdateManagers}. */
    static final int MAX_UPDATE_MANAGERS = 10;
    static final String BEFORE_FIRST_APPLY = "before-first-apply";
    /** kube's {@code FieldManagerMaxLength}. */
    static final int MAX_MANAGER_LENGTH = 128;

    /** The paths kube strips from every manager's set. */
    static final FieldSet STRIPPED = FieldSet.of(List.of(
            List.of(new PathElement.Field("apiVersion")),
            List.of(new PathElement.Field("kind")),
            List.of(new PathElement.Field("metadata")),
            meta("name"), meta("namespace"), meta("creationTimestamp"), meta("selfLink"), meta("uid"),
            meta("clusterName"), meta("generation"), meta("managedFields"), meta("resourceVersion")));

    private static List<PathElement> meta(String field) {
        return List.of(new PathElement.Field("metadata"), new PathElement.Field(field));
    }

    private static final FieldSet RESET_MAIN = FieldSet.of(List.of(List.of(new PathElement.Field("status"))));
    private static final FieldSet RESET_STATUS = FieldSet.of(List.of(
            List.of(new PathElement.Field("metadata")), List.of(new PathElement.Field("spec"))));

    private final MergeRules rules;
    private final boolean statusSubresource;
    private final String kind;

    /**
     * @param rules             how this kind's lists and maps merge
     * @param statusSubresource whether the resource has a {@code status} subresource
     */
    public FieldManager(MergeRules rules, boolean statusSubresource) {
        this(rules, statusSubresource, null);
    }

    /**
     * @param kind the resource's kind, which an apply body must name; when null the live object's (or, on
     *             create, the body's own) kind is taken
     */
    public FieldManager(MergeRules rules, boolean statusSubresource, String kind) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.statusSubresource = statusSubresource;
        this.kind = kind;
    }

    // ---- manager names --------------------------------------------------------------------------

    /**
     * The manager kube-apiserver records for a non-apply write without {@code fieldManager}: the
     * User-Agent up to its first "/", without unprintable characters, cut to 128 bytes. E.g.
     * {@code kubectl/v1.32.0 (linux/amd64) kubernetes/abc} gives {@code kubectl}.
     */
    public static String managerFromUserAgent(String userAgent) {
        if (userAgent == null) {
            return "";
        }
        int slash = userAgent.indexOf('/');
        String prefix = slash < 0 ? userAgent : userAgent.substring(0, slash);
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < prefix.length(); ) {
            int cp = prefix.codePointAt(i);
            i += Character.charCount(cp);
            if (!Values.isGoPrintable(cp)) {
                continue;
            }
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > MAX_MANAGER_LENGTH) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += len;
        }
        return out.toString();
    }

    /** kube's {@code managerOrUserAgent}: the {@code fieldManager} parameter when given, else from the User-Agent. */
    public static String managerOrUserAgent(String fieldManager, String userAgent) {
        return fieldManager != null && !fieldManager.isEmpty() ? fieldManager : managerFromUserAgent(userAgent);
    }

    /**
     * The checks kube-apiserver makes of the {@code fieldManager} parameter (as errors of
     * {@code PatchOptions}, {@code UpdateOptions} or {@code CreateOptions}): required for apply, at most 128
     * bytes, printable characters only.
     */
    public static List<FieldError> validateFieldManager(String fieldManager, boolean apply) {
        List<FieldError> errors = new ArrayList<>();
        String manager = fieldManager == null ? "" : fieldManager;
        if (apply && manager.isEmpty()) {
            errors.add(FieldError.required("fieldManager", "is required for apply patch"));
        }
        if (manager.getBytes(StandardCharsets.UTF_8).length > MAX_MANAGER_LENGTH) {
            errors.add(new FieldError(FieldError.Type.TOO_LONG, "fieldManager", null, "may not be more than " + MAX_MANAGER_LENGTH + " bytes"));
        }
        int position = 0;
        for (int i = 0; i < manager.length(); ) {
            int cp = manager.codePointAt(i);
            i += Character.charCount(cp);
            if (!Values.isGoPrintable(cp)) {
                errors.add(FieldError.invalid("fieldManager", TextNode.valueOf(manager),
                        String.format("invalid character U+%04X (at position %d)", cp, position)));
            }
            position += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        }
        return errors;
    }

    // ---- apply ----------------------------------------------------------------------------------

    /**
     * Server-side apply.
     *
     * @param live        the stored object, or null when the apply creates it
     * @param applied     the parsed apply-patch body; not modified
     * @param manager     the {@code fieldManager} parameter (required)
     * @param force       the {@code force} parameter
     * @param subresource null, or {@code "status"}
     * @param apiVersion  the version of the request (group/version)
     * @param now         the time recorded in the manager's entry when the object changes
     * @return the new object, with {@code metadata.managedFields} updated; equal to {@code live} when the
     *         apply changes nothing (then the manager's time is kept)
     * @throws ApplyConflictException when fields the configuration changes belong to other managers
     * @throws ApplyException         for a bad request (see {@link ApplyException#status()})
     */
    public ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force, String subresource,
                            String apiVersion, Instant now) {
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(now, "now");
        checkSubresource(subresource);
        List<FieldError> optionErrors = validateFieldManager(manager, true);
        if (!optionErrors.isEmpty()) {
            throw ApplyException.invalidOptions("PatchOptions", optionErrors);
        }
        if (live == null && subresource != null) {
            throw new IllegalArgumentException("an apply to the " + subresource + " subresource needs the live object");
        }
        String appliedApiVersion = applied.path("apiVersion").asText("");
        String appliedKind = applied.path("kind").asText("");
        String expectedKind = kind != null ? kind : live != null ? live.path("kind").asText("") : appliedKind;
        ObjectNode liveObject = live != null ? live.deepCopy() : emptyObject(apiVersion, expectedKind);
        ManagedFields managed;
        try {
            managed = ManagedFields.decode(ManagedFields.entriesOf(liveObject));
        } catch (ManagedFields.DecodeException e) {
            throw ApplyException.internal("failed to decode managed fields: " + e.getMessage());
        }
        ManagedFields.removeFrom(liveObject);
        if (!appliedApiVersion.equals(apiVersion) || !appliedKind.equals(expectedKind)) {
            throw ApplyException.badRequest("invalid object type: " + gvk(appliedApiVersion, appliedKind));
        }

        Applied result;
        try {
            result = applyOnce(liveObject, applied, managed.copy(), manager, force, subresource, apiVersion, now);
        } catch (Conflicts conflicts) {
            if (!"kubectl".equals(manager)) {
                throw conflicts.toException();
            }
            FieldSet allowed = LastApplied.allowedConflicts(liveObject, apiVersion, rules.root());
            if (allowed == null) {
                throw conflicts.toException();
            }
            Conflicts remaining = conflicts.without(allowed);
            if (!remaining.isEmpty()) {
                throw remaining.toException();
            }
            try {
                result = applyOnce(liveObject, applied, managed.copy(), manager, true, subresource, apiVersion, now);
            } catch (Conflicts impossible) {
                throw new IllegalStateException("forced apply reported conflicts", impossible);
            }
        }

        ObjectNode out = result.object();
        if ("kubectl".equals(manager) && LastApplied.has(out)) {
            LastApplied.set(out, LastApplied.build(applied));
        }
        out = resetForSubresource(out, liveObject, subresource, live == null);
        result.managed().writeTo(out);
        return out;
    }

    private record Applied(ObjectNode object, ManagedFields managed) {
    }

    /** Conflicts found, by owner; not yet the public exception because {@code kubectl} may still take them over. */
    private static final class Conflicts extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Map<ManagedFields.ManagerKey, FieldSet> byManager;

        Conflicts(Map<ManagedFields.ManagerKey, FieldSet> byManager) {
            super(null, null, false, false);
            this.byManager = byManager;
        }

        boolean isEmpty() {
            return byManager.values().stream().allMatch(FieldSet::isEmpty);
        }

        Conflicts without(FieldSet allowed) {
            Map<ManagedFields.ManagerKey, FieldSet> left = new LinkedHashMap<>();
            byManager.forEach((key, set) -> {
                FieldSet rest = new FieldSet();
                set.iterate(path -> {
                    if (!allowed.has(path)) {
                        rest.insert(path);
                    }
                });
                if (!rest.isEmpty()) {
                    left.put(key, rest);
                }
            });
            return new Conflicts(left);
        }

        ApplyConflictException toException() {
            List<ApplyConflictException.Conflict> list = new ArrayList<>();
            byManager.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey((a, b) -> a.identifier().compareTo(b.identifier())))
                    .forEach(e -> e.getValue().iterate(path -> list.add(new ApplyConflictException.Conflict(
                            e.getKey().manager(), e.getKey().operation(), e.getKey().apiVersion(), e.getKey().subresource(),
                            PathElement.toString(path)))));
            return new ApplyConflictException(list);
        }
    }

    /** One pass of kube's apply chain below the last-applied handling. */
    private Applied applyOnce(ObjectNode live, ObjectNode applied, ManagedFields managed, String manager, boolean force,
                              String subresource, String apiVersion, Instant now) throws Conflicts {
        FieldType root = rules.root();
        FieldSet reset = resetFields(subresource);

        // An object nobody tracks yet: what it has belongs to before-first-apply.
        if (managed.isEmpty()) {
            ObjectNode empty = emptyObject(applied.path("apiVersion").asText(""), applied.path("kind").asText(""));
            recordChanges(empty, live, managed, ManagedFields.ManagerKey.update(BEFORE_FIRST_APPLY, apiVersion, subresource),
                    apiVersion, reset, now);
        }

        JsonNode appliedManagedFields = applied.path("metadata").get("managedFields");
        if (appliedManagedFields != null && appliedManagedFields.isArray()) {
            throw ApplyException.badRequest("metadata.managedFields must be nil");
        }
        List<Typed.Problem> problems = Typed.validate(applied, root);
        if (!problems.isEmpty()) {
            throw ApplyException.internal("failed to create typed patch object (" + describeObject(applied) + "): "
                    + Typed.describe(problems));
        }

        ManagedFields.ManagerKey key = ManagedFields.ManagerKey.apply(manager, subresource);
        JsonNode merged = Typed.merge(live, applied, root);
        ManagedFields.Owned last = managed.fields().get(key);
        FieldSet set = Typed.toFieldSet(applied, root).recursiveDifference(reset);
        managed.fields().put(key, new ManagedFields.Owned(set, apiVersion, true));
        merged = prune(merged, managed, last);

        Typed.Comparison cmp = Typed.compare(live, merged, root).excluding(reset);
        Map<ManagedFields.ManagerKey, FieldSet> conflicts = takeOver(cmp, managed, key, force);
        if (!conflicts.isEmpty()) {
            throw new Conflicts(conflicts);
        }
        boolean changed = !Values.equalOrBothAbsent(live, merged);
        strip(managed, key);
        ObjectNode object;
        if (changed) {
            managed.times().put(key, now);
            object = merged instanceof ObjectNode o ? o : Values.object();
        } else {
            object = live.deepCopy();
        }
        return new Applied(object, managed);
    }

    /**
     * structured-merge-diff's {@code prune}: removes what the applier applied last time and no longer
     * does, unless another manager (or the new configuration) owns it, or it was not the applier's.
     */
    private JsonNode prune(JsonNode merged, ManagedFields managed, ManagedFields.Owned last) {
        if (last == null || last.fields().isEmpty()) {
            return merged;
        }
        FieldType root = rules.root();
        FieldSet lastSet = last.fields().ensureNamedFieldsAreMembers(root);
        JsonNode pruned = Typed.removeItems(merged, lastSet, root);

        FieldSet owned = new FieldSet();
        for (ManagedFields.Owned o : managed.fields().values()) {
            owned = owned.union(o.fields());
        }
        FieldSet mergedSet = Typed.toFieldSet(merged, root).ensureNamedFieldsAreMembers(root);
        FieldSet prunedSet = Typed.toFieldSet(pruned, root).ensureNamedFieldsAreMembers(root);
        pruned = Typed.removeItems(merged, mergedSet.difference(prunedSet.union(owned.ensureNamedFieldsAreMembers(root))), root);

        prunedSet = Typed.toFieldSet(pruned, root).ensureNamedFieldsAreMembers(root);
        return Typed.removeItems(merged, mergedSet.difference(prunedSet).intersection(lastSet), root);
    }

    /**
     * structured-merge-diff's {@code update}: the fields other managers own that change are conflicts; when
     * forced (always for non-apply writes) they leave those managers, as do removed fields.
     */
    private static Map<ManagedFields.ManagerKey, FieldSet> takeOver(Typed.Comparison cmp, ManagedFields managed,
                                                                    ManagedFields.ManagerKey writer, boolean force) {
        FieldSet changed = cmp.modified().union(cmp.added());
        Map<ManagedFields.ManagerKey, FieldSet> conflicts = new LinkedHashMap<>();
        managed.fields().forEach((key, owned) -> {
            if (key.equals(writer)) {
                return;
            }
            FieldSet conflict = owned.fields().intersection(changed);
            if (!conflict.isEmpty()) {
                conflicts.put(key, conflict);
            }
        });
        if (!force && !conflicts.isEmpty()) {
            return conflicts;
        }
        for (Map.Entry<ManagedFields.ManagerKey, ManagedFields.Owned> e : managed.fields().entrySet()) {
            if (e.getKey().equals(writer)) {
                continue;
            }
            ManagedFields.Owned owned = e.getValue();
            FieldSet left = owned.fields();
            FieldSet conflict = conflicts.get(e.getKey());
            if (conflict != null) {
                left = left.difference(conflict);
            }
            if (!cmp.removed().isEmpty()) {
                left = left.difference(cmp.removed());
            }
            e.setValue(new ManagedFields.Owned(left, owned.apiVersion(), owned.applied()));
        }
        managed.fields().entrySet().removeIf(e -> e.getValue().fields().isEmpty());
        return Map.of();
    }

    /** kube's {@code stripMetaManager}, on the writer's set. */
    private static void strip(ManagedFields managed, ManagedFields.ManagerKey key) {
        ManagedFields.Owned owned = managed.fields().get(key);
        if (owned == null) {
            return;
        }
        FieldSet left = owned.fields().difference(STRIPPED);
        if (left.isEmpty()) {
            managed.fields().remove(key);
        } else {
            managed.fields().put(key, new ManagedFields.Owned(left, owned.apiVersion(), owned.applied()));
        }
    }

    // ---- update ---------------------------------------------------------------------------------

    /**
     * Records a non-apply write (create, update, any patch) by {@code manager}: the fields that changed from
     * {@code old} to {@code updated} become its own under an {@code Update} entry (with the time of this
     * write) and leave other managers. Sets {@code updated.metadata.managedFields}.
     *
     * <p>Managed fields the client sent in {@code updated} are taken as the starting point (an update may
     * rewrite them; {@code []} or {@code [{}]} clears them, after which the object is not tracked until the
     * next apply); missing or unreadable ones fall back to {@code old}'s. Writes to a subresource always start
     * from {@code old}'s.
     *
     * @param old         the stored object, or null on create
     * @param updated     the object about to be stored; its managedFields are replaced
     * @param manager     the manager ({@link #managerOrUserAgent}); empty gives {@code unknown}
     * @param subresource null, or {@code "status"}
     * @param apiVersion  the version of the request (group/version)
     */
    public void recordUpdate(ObjectNode old, ObjectNode updated, String manager, String subresource, String apiVersion, Instant now) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(now, "now");
        checkSubresource(subresource);
        String name = manager == null || manager.isEmpty() ? "unknown" : manager;

        ManagedFields managed;
        if (subresource != null) {
            managed = decodeOrEmpty(old);
        } else if (ManagedFields.isReset(updated)) {
            managed = new ManagedFields();
        } else {
            ManagedFields sent;
            try {
                sent = ManagedFields.decode(ManagedFields.entriesOf(updated));
            } catch (ManagedFields.DecodeException e) {
                sent = null;
            }
            managed = sent == null || sent.isEmpty() ? decodeOrEmpty(old) : sent;
        }
        ManagedFields.removeFrom(updated);

        boolean creating = old == null || old.path("metadata").path("uid").asText("").isEmpty();
        if (managed.isEmpty() && !creating) {
            // Tracking was cleared: it starts again with the next apply.
            return;
        }
        ObjectNode before = old != null ? old.deepCopy() : emptyObject(apiVersion, updated.path("kind").asText(""));
        ManagedFields.removeFrom(before);
        recordChanges(before, updated, managed, ManagedFields.ManagerKey.update(name, apiVersion, subresource), apiVersion,
                resetFields(subresource), now);
        managed.writeTo(updated);
    }

    /**
     * The update chain below the manager name (kube's {@code managedFieldsUpdater}, {@code stripMetaManager},
     * structured-merge-diff's {@code Updater.Update}, {@code capManagersManager}).
     */
    private void recordChanges(JsonNode before, JsonNode after, ManagedFields managed, ManagedFields.ManagerKey key,
                               String apiVersion, FieldSet reset, Instant now) {
        Typed.Comparison cmp = Typed.compare(before, after, rules.root()).excluding(reset);
        takeOver(cmp, managed, null, true);
        FieldSet current = cmp.modified().union(cmp.added()).recursiveDifference(reset).difference(STRIPPED);
        if (!current.isEmpty()) {
            ManagedFields.Owned previous = managed.fields().get(key);
            FieldSet all = previous == null ? current : current.union(previous.fields());
            managed.fields().put(key, new ManagedFields.Owned(all, apiVersion, false));
            managed.times().put(key, now);
        }
        managed.capUpdateManagers(MAX_UPDATE_MANAGERS);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void checkSubresource(String subresource) {
        if (subresource == null) {
            return;
        }
        if (!subresource.equals("status")) {
            throw new IllegalArgumentException("unsupported subresource: " + subresource);
        }
        if (!statusSubresource) {
            throw new IllegalArgumentException("this resource has no status subresource");
        }
    }

    /** The fields a write through this subresource neither owns nor changes (kube's strategies' reset fields). */
    private FieldSet resetFields(String subresource) {
        if ("status".equals(subresource)) {
            return RESET_STATUS;
        }
        return statusSubresource ? RESET_MAIN : new FieldSet();
    }

    /** What the registry strategies do after the field manager: main writes keep the stored status, status writes keep all else. */
    private ObjectNode resetForSubresource(ObjectNode result, ObjectNode live, String subresource, boolean creating) {
        if ("status".equals(subresource)) {
            ObjectNode out = live.deepCopy();
            JsonNode status = result.get("status");
            if (status != null) {
                out.set("status", status);
            } else {
                out.remove("status");
            }
            return out;
        }
        if (statusSubresource) {
            JsonNode status = creating ? null : live.get("status");
            if (status != null) {
                result.set("status", status.deepCopy());
            } else {
                result.remove("status");
            }
        }
        return result;
    }

    private static ManagedFields decodeOrEmpty(JsonNode object) {
        try {
            return ManagedFields.decode(ManagedFields.entriesOf(object));
        } catch (ManagedFields.DecodeException e) {
            return new ManagedFields();
        }
    }

    private static ObjectNode emptyObject(String apiVersion, String kind) {
        ObjectNode empty = Values.object();
        empty.put("apiVersion", apiVersion);
        empty.put("kind", kind);
        return empty;
    }

    /** {@code group/version, Kind=kind}, as Go prints a GroupVersionKind. */
    static String gvk(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return group + "/" + version + ", Kind=" + kind;
    }

    /** kube's {@code objectGVKNN}: {@code namespace/name; group/version, Kind=kind}. */
    private static String describeObject(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        return metadata.path("namespace").asText("") + "/" + metadata.path("name").asText("") + "; "
                + gvk(object.path("apiVersion").asText(""), object.path("kind").asText(""));
    }
}
