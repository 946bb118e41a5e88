package io.kfpoperator.controller.dependencies;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Artifact;
import io.kfpoperator.api.v1beta1.Parameter;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationRef;
import io.kfpoperator.api.v1beta1.RunReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameters whose values come from other RunConfigurations' latest succeeded runs: which
 * RunConfigurations are referenced, what they currently offer, and the resolved name/value pairs.
 */
public final class ParameterResolution {

    /** Reason of ParametersResolved=False while a referenced RunConfiguration exists but offers no value yet. */
    public static final String NOT_READY = "DependencyNotReady";
    /** Reason of ParametersResolved=False while a referenced RunConfiguration does not exist. */
    public static final String NOT_FOUND = "RunConfigurationNotFound";

    /**
     * Resolved parameters, those skipped because optional, what could not be resolved (one message
     * each, naming the parameter, the RunConfiguration and the artifact), and the names of the
     * unresolved parameters; {@code missing} says whether any of them waits for a RunConfiguration
     * that does not exist.
     */
    public record Resolved(Map<String, String> values, List<String> skippedOptional, List<String> unresolved, List<String> unresolvedNames,
                           boolean missing) {
        public boolean complete() {
            return unresolved.isEmpty();
        }

        /** The reason of the ParametersResolved condition while incomplete. */
        public String reason() {
            return missing ? NOT_FOUND : NOT_READY;
        }
    }

    /**
     * What the referenced RunConfigurations offer ({@link #dependencies}) and which of them do not
     * exist, keyed as written.
     */
    public record Found(Map<String, RunReference> references, Set<String> missing) {
    }

    private final KubernetesClient client;

    public ParameterResolution(KubernetesClient client) {
        this.client = client;
    }

    /** The RunConfigurations named by valueFrom, as written. */
    public static Set<String> referencedRunConfigurations(List<Parameter> parameters) {
        Set<String> names = new LinkedHashSet<>();
        if (parameters != null) {
            for (Parameter p : parameters) {
                if (p.getValueFrom() != null && p.getValueFrom().getRunConfigurationRef() != null) {
                    names.add(p.getValueFrom().getRunConfigurationRef().getName());
                }
            }
        }
        return names;
    }

    /**
     * What each referenced RunConfiguration offers now: its latest succeeded
     * run's id and the artifacts this resource asks for; an empty reference when it does not exist.
     * Keys are the references as written.
     */
    public Map<String, RunReference> dependencies(String namespace, Collection<String> references, List<Parameter> parameters) {
        return find(namespace, references, parameters).references();
    }

    /** As {@link #dependencies}, also saying which referenced RunConfigurations do not exist (or are being deleted). */
    public Found find(String namespace, Collection<String> references, List<Parameter> parameters) {
        Map<String, RunReference> dependencies = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (String reference : references) {
            NamespacedName name = NamespacedName.parse(reference).inNamespace(namespace);
            RunConfiguration rc = client.resources(RunConfiguration.class).inNamespace(name.namespace()).withName(name.name()).get();
            if (rc == null || rc.getMetadata().getDeletionTimestamp() != null) {
                missing.add(reference);
            }
            RunReference latest = rc == null || rc.getStatus() == null || rc.getStatus().getLatestRuns() == null
                    ? null : rc.getStatus().getLatestRuns().getSucceeded();
            if (latest == null) {
                dependencies.put(reference, new RunReference());
                continue;
            }
            Set<String> wanted = new LinkedHashSet<>();
            if (parameters != null) {
                for (Parameter p : parameters) {
                    RunConfigurationRef ref = p.getValueFrom() == null ? null : p.getValueFrom().getRunConfigurationRef();
                    if (ref != null && reference.equals(ref.getName())) {
                        wanted.add(ref.getOutputArtifact());
                    }
                }
            }
            List<Artifact> artifacts = latest.getArtifacts() == null ? List.of()
                    : latest.getArtifacts().stream().filter(a -> wanted.contains(a.getName())).toList();
            dependencies.put(reference, new RunReference().withProviderId(latest.getProviderId())
                    .withArtifacts(artifacts.isEmpty() ? null : new ArrayList<>(artifacts)));
        }
        return new Found(dependencies, missing);
    }

    /** Resolves every parameter against {@code dependencies}. */
    public static Resolved resolve(List<Parameter> parameters, Map<String, RunReference> dependencies) {
        return resolve(parameters, new Found(dependencies, Set.of()));
    }

    /** Resolves every parameter against what {@link #find} found; a missing RunConfiguration is named as such. */
    public static Resolved resolve(List<Parameter> parameters, Found found) {
        Map<String, RunReference> dependencies = found.references();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        List<String> unresolvedNames = new ArrayList<>();
        boolean missing = false;
        if (parameters == null) {
            return new Resolved(values, skipped, unresolved, unresolvedNames, false);
        }
        for (Parameter p : parameters) {
            RunConfigurationRef ref = p.getValueFrom() == null ? null : p.getValueFrom().getRunConfigurationRef();
            if (ref == null) {
                values.put(p.getName(), p.getValue() == null ? "" : p.getValue());
                continue;
            }
            RunReference dependency = dependencies.get(ref.getName());
            boolean absent = found.missing().contains(ref.getName());
            String location = null;
            String problem = "waiting for artifact '" + ref.getOutputArtifact() + "' of RunConfiguration '" + ref.getName() + "', ";
            if (absent) {
                problem += "which does not exist";
            } else if (dependency == null || dependency.getProviderId() == null || dependency.getProviderId().isEmpty()) {
                problem += "which has no succeeded run yet";
            } else {
                location = dependency.getArtifacts() == null ? null : dependency.getArtifacts().stream()
                        .filter(a -> ref.getOutputArtifact().equals(a.getName())).map(Artifact::getLocation).findFirst().orElse(null);
                problem += "not found in its latest succeeded run '" + dependency.getProviderId() + "'";
            }
            if (location != null) {
                values.put(p.getName(), location);
            } else if (Boolean.TRUE.equals(ref.getOptional())) {
                skipped.add(p.getName());
            } else {
                unresolved.add("parameter '" + p.getName() + "': " + problem);
                unresolvedNames.add(p.getName());
                missing |= absent;
            }
        }
        return new Resolved(values, skipped, unresolved, unresolvedNames, missing);
    }
}
