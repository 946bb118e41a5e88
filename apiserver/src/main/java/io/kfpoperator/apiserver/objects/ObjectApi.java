package io.kfpoperator.apiserver.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;
import io.kfpoperator.apiserver.admission.AdmissionHook;
import io.kfpoperator.apiserver.crd.Schemas;
import io.kfpoperator.apiserver.golang.GoText;
import io.kfpoperator.apiserver.resources.ResourceType;
import io.kfpoperator.apiserver.schema.ObjectMetaValidation;
import io.kfpoperator.apiserver.store.ObjectStore;
import io.kfpoperator.apiserver.store.ObjectStore.Key;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The REST semantics kube-apiserver's generic registry gives every kind: create (generateName,
 * uid, generation 1, status dropped where a status subresource owns it), update with
 * resourceVersion preconditions, status and main resource kept apart, generation bumped by spec
 * changes only, no-op writes not stored, finalizers and deletionTimestamp, deletion options and
 * dryRun. Custom resources are pruned, defaulted and validated by their CRD's schema and CEL rules
 * on every write; then the admission hook runs, as validating admission does.
 */
public final class ObjectApi {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** kube-apiserver's generateName alphabet: lower-case consonants and digits that cannot spell words. */
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int NAME_SUFFIX_LENGTH = 5;
    /** Fields of metadata only the server sets. */
    private static final List<String> SERVER_METADATA = List.of("uid", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "generation", "resourceVersion", "selfLink");
    public static final String FOREGROUND_FINALIZER = "foregroundDeletion";
    public static final String ORPHAN_FINALIZER = "orphan";

    private final ObjectStore store;
    private final Schemas schemas;
    private final ManagedFields managedFields;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile AdmissionHook admission = AdmissionHook.ALLOW;
    private final java.util.Map<String, Strategy> strategies = new java.util.concurrent.ConcurrentHashMap<>();

    public ObjectApi(ObjectStore store, Schemas schemas, ManagedFields managedFields, Clock clock) {
        this.store = store;
        this.schemas = schemas;
        this.managedFields = managedFields;
        this.clock = clock;
    }

    public void admission(AdmissionHook hook) {
        this.admission = hook == null ? AdmissionHook.ALLOW : hook;
    }

    /** Registers what kind {@code group/plural} does on write beyond the generic rules. */
    public void strategy(String group, String plural, Strategy strategy) {
        strategies.put(group + "/" + plural, strategy);
    }

    /** A written object and the warnings kube-apiserver would send with it (the {@code Warning} header). */
    public record Written(ObjectNode object, boolean created, List<String> warnings) {
    }

    public static Key key(ResourceType type, String namespace, String name) {
        return new Key(type.group(), type.plural(), type.namespaced() ? namespace : "", name);
    }

    public ObjectNode get(ResourceType type, String namespace, String name) throws ApiException {
        return store.get(key(type, namespace, name)).map(o -> served(type, o)).orElseThrow(() -> ApiException.notFound(type, name));
    }

    /** The stored object as served at the request's version (CRDs here convert by renaming, `conversion: None`). */
    public static ObjectNode served(ResourceType type, ObjectNode object) {
        object.put("apiVersion", type.groupVersion());
        object.put("kind", type.kind());
        return object;
    }

    // ---------------------------------------------------------------- create

    public Written create(ResourceType type, String namespace, ObjectNode body, WriteOptions options) throws ApiException {
        return create(type, namespace, body, options, true);
    }

    private Written create(ResourceType type, String namespace, ObjectNode body, WriteOptions options, boolean recordManagers)
            throws ApiException {
        ObjectNode object = body.deepCopy();
        checkKind(type, object);
        ObjectNode metadata = object.withObjectProperty("metadata");
        String namespaceInBody = metadata.path("namespace").asText("");
        if (type.namespaced()) {
            if (!namespaceInBody.isEmpty() && !namespaceInBody.equals(namespace)) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            metadata.put("namespace", namespace);
            requireActiveNamespace(type, metadata.path("name").asText(""), namespace);
        } else {
            metadata.remove("namespace");
        }
        if (metadata.hasNonNull("resourceVersion") && !metadata.path("resourceVersion").asText().isEmpty()) {
            throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
        }
        for (String field : SERVER_METADATA) {
            metadata.remove(field);
        }
        if (recordManagers) {
            metadata.remove("managedFields");
        }
        String name = metadata.path("name").asText("");
        if (name.isEmpty() && !metadata.path("generateName").asText("").isEmpty()) {
            name = generatedName(type, namespace, metadata.path("generateName").asText());
            metadata.put("name", name);
        }
        if (name.isEmpty()) {
            throw ApiException.invalid(type, "", List.of(FieldError.required("metadata.name", "name or generateName is required")));
        }
        if (type.statusSubresource() && type.custom()) {
            object.remove("status");
        }
        List<String> warnings = new ArrayList<>();
        admit(type, name, object, null, options, warnings, "CREATE", true);
        Instant now = now();
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("creationTimestamp", timestamp(now));
        if (type.tracksGeneration()) {
            metadata.put("generation", 1);
        }
        if (recordManagers) {
            managedFields.recordUpdate(type, null, object, options.manager(), null, now);
        }
        if (options.dryRun()) {
            return new Written(served(type, object), true, warnings);
        }
        try {
            object.put("apiVersion", type.storageGroupVersion());
            ObjectStore.Change change = store.commit(key(type, namespace, name), null, object);
            return new Written(served(type, change.object()), true, warnings);
        } catch (ObjectStore.ConflictException e) {
            throw ApiException.alreadyExists(type, name);
        }
    }

    /** generateName as kube-apiserver: the prefix (cut to 58 characters) and 5 random characters, tried again on a clash (RetryGenerateName). */
    private String generatedName(ResourceType type, String namespace, String prefix) throws ApiException {
        String base = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
        for (int attempt = 0; attempt < 8; attempt++) {
            StringBuilder name = new StringBuilder(base);
            for (int i = 0; i < NAME_SUFFIX_LENGTH; i++) {
                name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
            }
            if (store.get(key(type, namespace, name.toString())).isEmpty()) {
                return name.toString();
            }
        }
        throw ApiException.alreadyExists(type, prefix);
    }

    // ---------------------------------------------------------------- update

    /** PUT of the whole object (or of its status, {@code subresource} "status"). */
    public Written update(ResourceType type, String namespace, String name, ObjectNode body, String subresource, WriteOptions options)
            throws ApiException {
        ObjectNode object = body.deepCopy();
        checkKind(type, object);
        ObjectNode metadata = object.withObjectProperty("metadata");
        String nameInBody = metadata.path("name").asText("");
        if (!nameInBody.isEmpty() && !nameInBody.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + nameInBody + ") does not match the name on the URL (" + name + ")");
        }
        if (type.namespaced() && !metadata.path("namespace").asText("").isEmpty() && !metadata.path("namespace").asText().equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        String precondition = metadata.path("resourceVersion").asText("");
        ObjectNode current = store.get(key(type, namespace, name)).orElseThrow(() -> ApiException.notFound(type, name));
        if (precondition.isEmpty()) {
            if (type.custom()) {
                throw ApiException.resourceVersionRequired(type, name);
            }
        } else if (!precondition.equals(current.path("metadata").path("resourceVersion").asText())) {
            throw ApiException.conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
        }
        return write(type, namespace, name, current, object, subresource, options, true);
    }

    /**
     * Patches the stored object with {@code patch} (a function of the current object), then
     * writes it as an update. When a concurrent write wins, the patch is applied again to the
     * fresh object, as kube-apiserver's GuaranteedUpdate does; only a resourceVersion the patch
     * itself names makes it conflict.
     */
    public Written patch(ResourceType type, String namespace, String name, Patcher patch, String subresource, WriteOptions options)
            throws ApiException {
        for (int attempt = 0; ; attempt++) {
            ObjectNode current = store.get(key(type, namespace, name)).map(o -> served(type, o)).orElseThrow(() -> ApiException.notFound(type, name));
            ObjectNode patched = patch.apply(current.deepCopy());
            checkKind(type, patched);
            ObjectNode metadata = patched.withObjectProperty("metadata");
            String precondition = metadata.path("resourceVersion").asText("");
            String currentVersion = current.path("metadata").path("resourceVersion").asText();
            if (!precondition.isEmpty() && !precondition.equals(currentVersion)) {
                throw ApiException.conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
            }
            if (!metadata.path("name").asText(name).equals(name)) {
                throw ApiException.badRequest("the name of the object (" + metadata.path("name").asText() + ") does not match the name on the URL (" + name + ")");
            }
            try {
                return write(type, namespace, name, current, patched, subresource, options, true);
            } catch (StaleException e) {
                // Patched again on the fresh object: a resourceVersion the patch itself named no longer
                // matches and is refused above; one taken over from the old object now matches the new.
                if (attempt >= 10) {
                    throw e.conflict;
                }
            }
        }
    }

    /** A patch: the new object computed from the current one. */
    public interface Patcher {
        ObjectNode apply(ObjectNode current) throws ApiException;
    }

    /**
     * Server-side apply ({@code application/apply-patch+yaml}): creates the object when it does not
     * exist, else merges the applied configuration by field ownership.
     */
    public Written apply(ResourceType type, String namespace, String name, ObjectNode applied, String subresource, WriteOptions options)
            throws ApiException {
        // handlers/patch.go validates the PatchOptions first: 422 PatchOptions.meta.k8s.io "" is invalid (ValidatePatchOptions).
        List<FieldError> optionErrors = io.kfpoperator.apiserver.apply.FieldManager.validateFieldManager(options.fieldManager(), true);
        if (!optionErrors.isEmpty()) {
            io.kfpoperator.apiserver.apply.ApplyException refused =
                    io.kfpoperator.apiserver.apply.ApplyException.invalidOptions("PatchOptions", optionErrors);
            throw new ApiException(refused.code(), refused.status());
        }
        checkKind(type, applied);
        String appliedName = applied.path("metadata").path("name").asText("");
        if (!appliedName.isEmpty() && !appliedName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + appliedName + ") does not match the name on the URL (" + name + ")");
        }
        for (int attempt = 0; ; attempt++) {
            Optional<ObjectNode> stored = store.get(key(type, namespace, name));
            Instant now = now();
            if (stored.isEmpty()) {
                if (subresource != null) {
                    throw ApiException.notFound(type, name);
                }
                // An apply creates what is missing, unless it names a uid: then it meant an object that is gone (patch.go).
                String uid = applied.path("metadata").path("uid").asText("");
                if (!uid.isEmpty()) {
                    throw ApiException.conflict(type, name, "uid mismatch: the provided object specified uid " + uid
                            + ", and no existing object was found");
                }
                ObjectNode created = managedFields.apply(type, null, applied, options.manager(), options.force(), null, now);
                created.withObjectProperty("metadata").put("name", name);
                try {
                    return create(type, namespace, created, options, false);
                } catch (ApiException e) {
                    if (!"AlreadyExists".equals(e.reason()) || attempt >= 10) {
                        throw e;
                    }
                    continue;
                }
            }
            ObjectNode current = served(type, stored.get());
            ObjectNode merged = managedFields.apply(type, current.deepCopy(), applied, options.manager(), options.force(), subresource, now);
            try {
                return write(type, namespace, name, current, merged, subresource, options, false);
            } catch (StaleException e) {
                if (attempt >= 10) {
                    throw e.conflict;
                }
            }
        }
    }

    /** A write lost the race to a concurrent one; patch and apply redo themselves on the fresh object. */
    private static final class StaleException extends ApiException {
        final ApiException conflict;

        StaleException(ApiException conflict) {
            super(conflict.code(), conflict.status());
            this.conflict = conflict;
        }
    }

    /** The shared end of update and patch: everything kube-apiserver does between the request and etcd. */
    private Written write(ResourceType type, String namespace, String name, ObjectNode current, ObjectNode requested, String subresource,
            WriteOptions options, boolean recordManagers) throws ApiException {
        ObjectNode currentMeta = (ObjectNode) current.path("metadata");
        ObjectNode object;
        if ("status".equals(subresource)) {
            if (!type.statusSubresource()) {
                throw ApiException.notFound(type, name);
            }
            // Status writes change status only; the rest is the stored object's (kube's status strategy).
            object = current.deepCopy();
            if (requested.has("status")) {
                object.set("status", requested.get("status"));
            } else {
                object.remove("status");
            }
            if (!recordManagers) {
                // An apply to status: the field manager has already recorded its entry (subresource status) in requested.
                copy(requested.withObjectProperty("metadata"), object.withObjectProperty("metadata"), "managedFields");
            }
        } else if (subresource != null) {
            throw ApiException.notFound(type, name);
        } else {
            object = requested;
            if (type.statusSubresource()) {
                if (current.has("status")) {
                    object.set("status", current.get("status"));
                } else {
                    object.remove("status");
                }
            }
        }
        ObjectNode metadata = object.withObjectProperty("metadata");
        for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation")) {
            JsonNode sent = metadata.get(field);
            if (field.equals("uid") && sent != null && !sent.asText().isEmpty() && !sent.equals(currentMeta.get(field))) {
                throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + sent.asText()
                        + ", UID in object meta: " + currentMeta.path("uid").asText());
            }
            copy(currentMeta, metadata, field);
        }
        if (type.namespaced()) {
            metadata.put("namespace", namespace);
        }
        metadata.put("name", name);
        List<String> warnings = new ArrayList<>();
        if (metadata.path("managedFields").isArray() && metadata.path("managedFields").isEmpty()) {
            // An empty list clears managedFields, as kube-apiserver documents; absent keeps them.
            metadata.remove("managedFields");
        } else if (!metadata.has("managedFields") && currentMeta.has("managedFields")) {
            metadata.set("managedFields", currentMeta.get("managedFields"));
        }
        admit(type, name, object, current, options, warnings, "UPDATE", subresource == null);
        if (type.tracksGeneration() && specChanged(current, object)) {
            metadata.put("generation", currentMeta.path("generation").asLong(0) + 1);
        }
        Instant now = now();
        if (recordManagers) {
            managedFields.recordUpdate(type, current, object, options.manager(), subresource, now);
        }
        boolean finalized = currentMeta.has("deletionTimestamp") && strings(metadata.path("finalizers")).isEmpty()
                && strings(object.path("spec").path("finalizers")).isEmpty();
        // An object stored at an older version is written even when unchanged: encoded at the storage
        // version its bytes differ, which is how kube-apiserver lets a storage migration rewrite it.
        String storage = type.storageGroupVersion();
        boolean storedElsewhere = !storage.equals(store.apiVersion(key(type, namespace, name)));
        if (!finalized && !storedElsewhere && unchanged(current, object)) {
            return new Written(current, false, warnings);
        }
        if (options.dryRun()) {
            return new Written(served(type, object), false, warnings);
        }
        try {
            object.put("apiVersion", storage);
            String expected = currentMeta.path("resourceVersion").asText();
            ObjectStore.Change change = store.commit(key(type, namespace, name), expected, finalized ? null : object);
            return new Written(served(type, change.object()), false, warnings);
        } catch (ObjectStore.ConflictException e) {
            if (!e.exists()) {
                throw ApiException.notFound(type, name);
            }
            throw new StaleException(ApiException.conflict(type, name,
                    "the object has been modified; please apply your changes to the latest version and try again"));
        }
    }

    /** Validation of a create or update, in kube-apiserver's order: prune, default, metadata, schema and CEL, then admission. */
    private void admit(ResourceType type, String name, ObjectNode object, ObjectNode old, WriteOptions options, List<String> warnings,
            String operation, boolean mainResource) throws ApiException {
        Strategy strategy = strategies.get(type.group() + "/" + type.plural());
        if (strategy != null && mainResource) {
            strategy.prepare(object, old);
        } else if (strategy != null) {
            strategy.prepareStatus(object, old);
        }
        Schemas.KindSchema schema = schemas.of(type);
        List<String> unknown = schema.prune(object);
        if (!unknown.isEmpty()) {
            switch (options.fieldValidation()) {
                case STRICT -> throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                        + type.kind() + ": strict decoding error: " + String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
                case WARN -> unknown.forEach(f -> warnings.add("unknown field \"" + f + "\""));
                case IGNORE -> {
                }
            }
        }
        schema.applyDefaults(object);
        List<FieldError> errors = new ArrayList<>(metadataErrors(type, object, old));
        errors.addAll(schema.validate(object, old, !mainResource));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(type, name, errors);
        }
        AdmissionHook.Verdict verdict = admission.review(new AdmissionHook.Request(type, operation, object, old, options.dryRun(),
                mainResource ? "" : "status"));
        if (!verdict.allowed()) {
            throw verdict.rejection(type, name);
        }
        warnings.addAll(verdict.warnings());
    }

    /** kube-apiserver's ObjectMeta checks, the same for every kind but for the rule its names follow. */
    private static List<FieldError> metadataErrors(ResourceType type, ObjectNode object, ObjectNode old) {
        JsonNode metadata = object.path("metadata");
        if (old == null) {
            ObjectMetaValidation.NameRule rule = type.group().isEmpty() && type.plural().equals("namespaces")
                    ? ObjectMetaValidation.NameRule.DNS_LABEL : ObjectMetaValidation.NameRule.DNS_SUBDOMAIN;
            return ObjectMetaValidation.validate(metadata, type.namespaced(), rule, "metadata");
        }
        return ObjectMetaValidation.validateUpdate(metadata, old.path("metadata"));
    }

    // ---------------------------------------------------------------- delete

    /** DeleteOptions: propagation policy, preconditions, dryRun. */
    public record DeleteOptions(String propagationPolicy, String preconditionUid, String preconditionResourceVersion, boolean dryRun) {
        public static final DeleteOptions DEFAULTS = new DeleteOptions(null, null, null, false);
    }

    /** The object after the delete request: gone (deleted = true), or kept with deletionTimestamp until its finalizers are removed. */
    public record Deleted(ObjectNode object, boolean deleted) {
    }

    public Deleted delete(ResourceType type, String namespace, String name, DeleteOptions options) throws ApiException {
        for (int attempt = 0; ; attempt++) {
            ObjectNode current = store.get(key(type, namespace, name)).orElseThrow(() -> ApiException.notFound(type, name));
            ObjectNode metadata = (ObjectNode) current.path("metadata");
            if (options.preconditionUid() != null && !options.preconditionUid().equals(metadata.path("uid").asText())) {
                throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + options.preconditionUid()
                        + ", UID in object meta: " + metadata.path("uid").asText());
            }
            if (options.preconditionResourceVersion() != null && !options.preconditionResourceVersion().equals(metadata.path("resourceVersion").asText())) {
                throw ApiException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: " + options.preconditionResourceVersion()
                        + ", ResourceVersion in object meta: " + metadata.path("resourceVersion").asText());
            }
            String policy = options.propagationPolicy();
            if (policy != null && !List.of("Foreground", "Background", "Orphan").contains(policy)) {
                throw ApiException.invalid(type, name, List.of(new FieldError(FieldError.Type.NOT_SUPPORTED, "propagationPolicy",
                        JSON.textNode(policy), "supported values: \"Foreground\", \"Background\", \"Orphan\"")));
            }
            ObjectNode updated = current.deepCopy();
            ObjectNode updatedMeta = (ObjectNode) updated.path("metadata");
            LinkedHashSet<String> finalizers = new LinkedHashSet<>(strings(metadata.path("finalizers")));
            if ("Foreground".equals(policy)) {
                finalizers.add(FOREGROUND_FINALIZER);
                finalizers.remove(ORPHAN_FINALIZER);
            } else if ("Orphan".equals(policy)) {
                finalizers.add(ORPHAN_FINALIZER);
                finalizers.remove(FOREGROUND_FINALIZER);
            }
            boolean immediate = finalizers.isEmpty() && strings(current.path("spec").path("finalizers")).isEmpty();
            if (!immediate) {
                if (!finalizers.isEmpty()) {
                    ArrayNode list = updatedMeta.putArray("finalizers");
                    finalizers.forEach(list::add);
                }
                if (type.group().isEmpty() && type.plural().equals("namespaces")) {
                    updated.withObjectProperty("status").put("phase", "Terminating");
                }
                if (!updatedMeta.has("deletionTimestamp")) {
                    updatedMeta.put("deletionTimestamp", timestamp(now()));
                    updatedMeta.put("deletionGracePeriodSeconds", 0);
                }
            }
            if (options.dryRun()) {
                return new Deleted(served(type, updated), immediate);
            }
            try {
                String expected = metadata.path("resourceVersion").asText();
                if (immediate) {
                    ObjectStore.Change change = store.commit(key(type, namespace, name), expected, null);
                    return new Deleted(served(type, change.object()), true);
                }
                if (updated.equals(current)) {
                    return new Deleted(served(type, current), false);
                }
                ObjectStore.Change change = store.commit(key(type, namespace, name), expected, updated);
                return new Deleted(served(type, change.object()), false);
            } catch (ObjectStore.ConflictException e) {
                if (!e.exists()) {
                    throw ApiException.notFound(type, name);
                }
                if (attempt >= 5) {
                    throw ApiException.conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
                }
            }
        }
    }

    /** A write by the server's own controllers (garbage collector, namespace controller): an update without validation or managers. */
    public void systemUpdate(ResourceType type, Key key, UnaryOperator<ObjectNode> change) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<ObjectNode> current = store.get(key);
            if (current.isEmpty()) {
                return;
            }
            ObjectNode updated = change.apply(current.get().deepCopy());
            if (updated == null || updated.equals(current.get())) {
                return;
            }
            ObjectNode metadata = (ObjectNode) updated.path("metadata");
            boolean finalized = metadata.has("deletionTimestamp") && strings(metadata.path("finalizers")).isEmpty()
                    && strings(updated.path("spec").path("finalizers")).isEmpty();
            try {
                store.commit(key, current.get().path("metadata").path("resourceVersion").asText(), finalized ? null : updated);
                return;
            } catch (ObjectStore.ConflictException e) {
                // Someone else wrote first: read again and redo the change.
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** kube-apiserver's NamespaceLifecycle admission: no namespace, 404; a terminating one, 403 for creates. */
    private void requireActiveNamespace(ResourceType type, String name, String namespace) throws ApiException {
        Optional<ObjectNode> ns = store.get(new Key("", "namespaces", "", namespace));
        if (ns.isEmpty()) {
            throw ApiException.namespaceNotFound(namespace);
        }
        if (ns.get().path("metadata").has("deletionTimestamp")) {
            throw ApiException.namespaceTerminating(type, name, namespace);
        }
    }

    private static void checkKind(ResourceType type, ObjectNode object) throws ApiException {
        // apimachinery's SimpleMetaFactory.Interpret reads both as strings before anything else; another type is no
        // body of this kind (400), not one whose apiVersion or kind may be filled in.
        for (String field : List.of("apiVersion", "kind")) {
            JsonNode value = object.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                String body = object.toString();
                throw ApiException.badRequest("the object provided is unrecognized (must be of type " + type.kind()
                        + "): couldn't get version/kind; json parse error: json: cannot unmarshal " + GoText.jsonTypeName(value)
                        + " into Go struct field ." + field + " of type string (" + (body.length() > 30 ? body.substring(0, 30) + " ..." : body) + ")");
            }
        }
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.groupVersion()) && !sameGroup(apiVersion, type)) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
                    + type.groupVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                    + ": the kind in the data (" + kind + ") does not match the expected kind (" + type.kind() + ")");
        }
        // Decoded before anything reads it, as kube-apiserver does (schema/objectmeta GetObjectMeta): metadata that is
        // no ObjectMeta makes the body undecodable, 400, not an object with odd metadata (nor a server error).
        JsonNode metadata = object.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            String decodeError = ObjectMetaValidation.decodeError(metadata);
            if (decodeError != null) {
                throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                        + ": " + decodeError);
            }
        }
        object.put("apiVersion", type.groupVersion());
        object.put("kind", type.kind());
    }

    private static boolean sameGroup(String apiVersion, ResourceType type) {
        int slash = apiVersion.indexOf('/');
        return slash > 0 && apiVersion.substring(0, slash).equals(type.group());
    }

    /** Whether anything but metadata and status changed: kube-apiserver's rule for bumping metadata.generation. */
    static boolean specChanged(ObjectNode before, ObjectNode after) {
        ObjectNode a = before.deepCopy();
        ObjectNode b = after.deepCopy();
        for (String field : List.of("metadata", "status", "apiVersion", "kind")) {
            a.remove(field);
            b.remove(field);
        }
        return !a.equals(b);
    }

    /** Equal but for resourceVersion and the times in managedFields: kube-apiserver then writes nothing. */
    private static boolean unchanged(ObjectNode before, ObjectNode after) {
        ObjectNode a = withoutVolatile(before);
        ObjectNode b = withoutVolatile(after);
        return a.equals(b);
    }

    private static ObjectNode withoutVolatile(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        ObjectNode metadata = copy.withObjectProperty("metadata");
        metadata.remove("resourceVersion");
        JsonNode managed = metadata.path("managedFields");
        if (managed.isArray()) {
            for (JsonNode entry : managed) {
                ((ObjectNode) entry).remove("time");
            }
        }
        return copy;
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field));
        } else {
            to.remove(field);
        }
    }

    static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
