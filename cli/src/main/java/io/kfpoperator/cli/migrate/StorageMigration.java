package io.kfpoperator.cli.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.crd.ShippedCrds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Brings a cluster that ran the Go operator with {@code multiversion} to our CRDs, in the order
 * kube-apiserver allows ("Versions in CustomResourceDefinitions: upgrade existing objects to a new
 * stored version"): make v1beta1 the storage version, write every object back so it is stored at
 * v1beta1, record that in {@code status.storedVersions}, and only then replace the CRD with ours
 * (one version, no conversion webhook). Every step is safe to repeat, so a run that stopped half
 * way is finished by running it again; a CRD already like ours is left alone.
 */
public final class StorageMigration {

    static final String VERSION = "v1beta1";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int PAGE = 250;
    private static final int CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final Consumer<String> out;
    /** Kind by plural, read once from our CRDs (objects(…) is asked for every page and every write). */
    private final java.util.Map<String, String> kinds = new java.util.concurrent.ConcurrentHashMap<>();

    public StorageMigration(KubernetesClient client, Consumer<String> out) {
        this.client = client;
        this.out = out;
    }

    /** What one CRD needs; empty {@link #steps()} when it is like ours already. */
    public record Plan(String plural, String crd, boolean installed, List<String> storedVersions, List<String> versions, String conversion,
                       long objects, List<String> steps) {
        public boolean upToDate() {
            return steps.isEmpty();
        }
    }

    /** Looks at every CRD of ours and says what migrating it would do; changes nothing. */
    public List<Plan> plan() {
        List<Plan> plans = new ArrayList<>();
        for (String plural : ShippedCrds.PLURALS) {
            plans.add(plan(plural));
        }
        return plans;
    }

    /** Carries out {@code plans} (from {@link #plan()}); returns how many objects were written back. */
    public long apply(List<Plan> plans) {
        long rewritten = 0;
        for (Plan plan : plans) {
            if (plan.upToDate()) {
                out.accept(plan.crd() + ": up to date");
                continue;
            }
            rewritten += migrate(plan.plural(), plan);
        }
        return rewritten;
    }

    private Plan plan(String plural) {
        String name = plural + "." + ShippedCrds.GROUP;
        CustomResourceDefinition current = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
        CustomResourceDefinition ours = ours(plural);
        if (current == null) {
            return new Plan(plural, name, false, List.of(), List.of(), "", 0, List.of("install our CRD"));
        }
        List<String> stored = current.getStatus() == null || current.getStatus().getStoredVersions() == null
                ? List.of() : current.getStatus().getStoredVersions();
        List<String> versions = current.getSpec().getVersions().stream().map(CustomResourceDefinitionVersion::getName).toList();
        String conversion = current.getSpec().getConversion() == null ? "None"
                : Objects.requireNonNullElse(current.getSpec().getConversion().getStrategy(), "None");
        List<String> steps = new ArrayList<>();
        boolean oldVersionsStored = !stored.equals(List.of(VERSION));
        long objects = 0;
        if (!VERSION.equals(storageVersion(current))) {
            steps.add("make " + VERSION + " the storage version (now " + storageVersion(current) + ")");
        }
        if (oldVersionsStored) {
            objects = count(plural);
            steps.add("write back " + objects + " object(s) so they are stored at " + VERSION);
            steps.add("set status.storedVersions " + stored + " -> [" + VERSION + "]");
        }
        if (!sameSpec(current, ours)) {
            steps.add("replace the CRD with ours: versions " + versions + " -> [" + VERSION + "], conversion " + conversion + " -> None");
        }
        return new Plan(plural, name, true, stored, versions, conversion, objects, List.copyOf(steps));
    }

    private long migrate(String plural, Plan plan) {
        CustomResourceDefinition ours = ours(plural);
        if (!plan.installed()) {
            client.apiextensions().v1().customResourceDefinitions().resource(ours).create();
            out.accept(plan.crd() + ": installed");
            return 0;
        }
        CustomResourceDefinition current = client.apiextensions().v1().customResourceDefinitions().withName(plan.crd()).get();
        if (!VERSION.equals(storageVersion(current))) {
            current.getSpec().getVersions().forEach(v -> v.setStorage(VERSION.equals(v.getName())));
            current = client.apiextensions().v1().customResourceDefinitions().resource(current).update();
            out.accept(plan.crd() + ": " + VERSION + " is the storage version");
        }
        long rewritten = 0;
        if (!plan.storedVersions().equals(List.of(VERSION))) {
            rewritten = rewriteAll(plural);
            out.accept(plan.crd() + ": " + rewritten + " object(s) written back at " + VERSION);
            current = client.apiextensions().v1().customResourceDefinitions().withName(plan.crd()).get();
            current.getStatus().setStoredVersions(List.of(VERSION));
            current = client.apiextensions().v1().customResourceDefinitions().resource(current).updateStatus();
            out.accept(plan.crd() + ": status.storedVersions is [" + VERSION + "]");
        }
        if (!sameSpec(current, ours)) {
            ours.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            ours.getMetadata().setLabels(current.getMetadata().getLabels());
            ours.getMetadata().setAnnotations(current.getMetadata().getAnnotations());
            client.apiextensions().v1().customResourceDefinitions().resource(ours).update();
            out.accept(plan.crd() + ": replaced with ours (" + VERSION + " only, no conversion webhook)");
        }
        return rewritten;
    }

    /** Every object written back unchanged, page by page; the server stores each at the storage version. */
    private long rewriteAll(String plural) {
        long[] rewritten = {0};
        forEachObject(plural, object -> {
            if (rewrite(plural, object)) {
                rewritten[0]++;
            }
        });
        return rewritten[0];
    }

    /** Every object of the kind in every namespace, listed in pages so a large cluster is not read at once. */
    private void forEachObject(String plural, Consumer<GenericKubernetesResource> action) {
        String next = null;
        do {
            GenericKubernetesResourceList page = objects(plural).inAnyNamespace()
                    .list(new ListOptionsBuilder().withLimit((long) PAGE).withContinue(next).build());
            page.getItems().forEach(action);
            next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
    }

    private boolean rewrite(String plural, GenericKubernetesResource object) {
        GenericKubernetesResource current = object;
        for (int attempt = 0; ; attempt++) {
            try {
                // An update carrying the resourceVersion it read: a concurrent change (the controller's) wins and we read again.
                objects(plural).inNamespace(current.getMetadata().getNamespace()).resource(current).update();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return false; // deleted meanwhile: nothing left to migrate
                }
                if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw new MigrationException("cannot write back " + plural + " " + current.getMetadata().getNamespace() + "/"
                            + current.getMetadata().getName() + ": " + e.getMessage() + "; run the migration again to resume", e);
                }
                current = objects(plural).inNamespace(current.getMetadata().getNamespace()).withName(current.getMetadata().getName()).get();
                if (current == null) {
                    return false;
                }
            }
        }
    }

    private long count(String plural) {
        long[] count = {0};
        forEachObject(plural, object -> count[0]++);
        return count[0];
    }

    private io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> objects(String plural) {
        String kind = kinds.computeIfAbsent(plural, p -> ours(p).getSpec().getNames().getKind());
        return client.genericKubernetesResources(ShippedCrds.GROUP + "/" + VERSION, kind);
    }

    private static String storageVersion(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getStorage()))
                .map(CustomResourceDefinitionVersion::getName).findFirst().orElse("");
    }

    /** Versions and conversion as ours has them (the chart owns the rest and upgrades it). */
    private static boolean sameSpec(CustomResourceDefinition current, CustomResourceDefinition ours) {
        String conversion = current.getSpec().getConversion() == null ? "None"
                : Objects.requireNonNullElse(current.getSpec().getConversion().getStrategy(), "None");
        return "None".equals(conversion) && Objects.equals(current.getSpec().getVersions(), ours.getSpec().getVersions());
    }

    private static CustomResourceDefinition ours(String plural) {
        try (InputStream stream = ShippedCrds.open(plural)) {
            return YAML.readValue(stream, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A step that could not be done; the message says which object and that a rerun resumes. */
    public static final class MigrationException extends RuntimeException {
        MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
