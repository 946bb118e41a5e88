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

    /** Resolved parameters, those skipped because optional, and what could not be resolved. */
    public record Resolved(Map<String, String> values, List<String> skippedOptional, List<String> unresolved) {
        public boolean complete() {
            return unresolved.isEmpty();
        }
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
        Map<String, RunReference> dependencies = new LinkedHashMap<>();
        for (String reference : references) {
            NamespacedName name = NamespacedName.parse(reference).inNamespace(namespace);
            RunConfiguration rc = client.resources(RunConfiguration.class).inNamespace(name.namespace()).withName(name.name()).get();
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
        return dependencies;
    }

    /** Resolves every parameter against {@code dependencies}. */
    public static Resolved resolve(List<Parameter> parameters, Map<String, RunReference> dependencies) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        if (parameters == null) {
            return new Resolved(values, skipped, unresolved);
        }
        for (Parameter p : parameters) {
            RunConfigurationRef ref = p.getValueFrom() == null ? null : p.getValueFrom().getRunConfigurationRef();
            if (ref == null) {
                values.put(p.getName(), p.getValue() == null ? "" : p.getValue());
                continue;
            }
            RunReference dependency = dependencies.get(ref.getName());
            String location = null;
            String problem;
            if (dependency == null || dependency.getProviderId() == null || dependency.getProviderId().isEmpty()) {
                problem = "RunConfiguration '" + ref.getName() + "' has no succeeded run yet";
            } else {
                location = dependency.getArtifacts() == null ? null : dependency.getArtifacts().stream()
                        .filter(a -> ref.getOutputArtifact().equals(a.getName())).map(Artifact::getLocation).findFirst().orElse(null);
                problem = "artifact '" + ref.getOutputArtifact() + "' not found in the latest run of RunConfiguration '" + ref.getName() + "'";
            }
            if (location != null) {
                values.put(p.getName(), location);
            } else if (Boolean.TRUE.equals(ref.getOptional())) {
                skipped.add(p.getName());
            } else {
                unresolved.add("parameter '" + p.getName() + "': " + problem);
            }
        }
        return new Resolved(values, skipped, unresolved);
    }
}
