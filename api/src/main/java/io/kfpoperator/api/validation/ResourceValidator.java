package io.kfpoperator.api.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.types.ArtifactPath;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.types.PipelineIdentifier;
import io.kfpoperator.api.v1beta1.Bounds;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.Framework;
import io.kfpoperator.api.v1beta1.NamedValue;
import io.kfpoperator.api.v1beta1.OutputArtifact;
import io.kfpoperator.api.v1beta1.Parameter;
import io.kfpoperator.api.v1beta1.Patch;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.PipelineSpec;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.ProviderSpec;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationRef;
import io.kfpoperator.api.v1beta1.RunConfigurationSpec;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.api.v1beta1.RunScheduleSpec;
import io.kfpoperator.api.v1beta1.RunSpec;
import io.kfpoperator.api.v1beta1.Schedule;
import io.kfpoperator.api.v1beta1.Triggers;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules the CRDs cannot express, applied by every entry point (reconcilers, the sandbox's
 * admission, a webhook), so a user reads the same message wherever a resource is rejected: cron
 * syntax, references, framework parameters, rules across fields the schema has no words for.
 * What the CRDs say themselves is not repeated here, because every API server enforces it on
 * every write: types, enums, patterns, bounds and required fields (the structural schema),
 * {@code triggers.onChange} without duplicates ({@code x-kubernetes-list-type: set}), and the CEL
 * rules of the model (no duplicate schedule, endTime after startTime, value or valueFrom, a Run's
 * spec immutable).
 */
public final class ResourceValidator {

    /** The framework whose pipeline is already compiled; every Provider accepts it. */
    public static final String STATIC_FRAMEWORK = "static";

    private static final Pattern PROVIDER_REFERENCE = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final Set<String> STATIC_URI_SCHEMES = Set.of("https", "http", "gs", "configmap", "file");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResourceValidator() {
    }

    /** Validates any of our kinds; an unknown object type is a programming error. */
    public static List<Violation> validate(HasMetadata resource) {
        if (resource instanceof Pipeline p) {
            return validate(p);
        } else if (resource instanceof Experiment e) {
            return validate(e);
        } else if (resource instanceof RunConfiguration rc) {
            return validate(rc);
        } else if (resource instanceof RunSchedule rs) {
            return validate(rs);
        } else if (resource instanceof Run r) {
            return validate(r);
        } else if (resource instanceof Provider p) {
            return validate(p);
        }
        throw new IllegalArgumentException("not a pipelines.kubeflow.org resource: " + resource.getClass().getName());
    }

    /** Throws {@link InvalidResourceException} listing every violation, if there is any. */
    public static void requireValid(HasMetadata resource) {
        List<Violation> violations = validate(resource);
        if (!violations.isEmpty()) {
            throw new InvalidResourceException(violations);
        }
    }

    public static List<Violation> validate(Pipeline pipeline) {
        Violations v = new Violations();
        PipelineSpec spec = pipeline.getSpec();
        if (spec == null) {
            v.add("spec", "is required");
            return v.list();
        }
        Violations s = v.at("spec");
        providerReference(s, spec.getProvider());
        if (blank(spec.getImage())) {
            s.add("image", "is required: the container image holding the pipeline code");
        }
        namedValues(s, "env", spec.getEnv());
        if (spec.getFramework() == null) {
            s.add("framework", "is required: name the framework that compiles the pipeline, e.g. tfx, kfpsdk or static");
        } else {
            Violations f = s.at("framework");
            if (blank(spec.getFramework().getName())) {
                f.add("name", "is required, e.g. tfx, kfpsdk or static");
            }
            if (spec.getFramework().getParameters() == null) {
                f.add("parameters", "is required (may be empty: {})");
            } else if (STATIC_FRAMEWORK.equals(spec.getFramework().getName())) {
                staticPipelineUri(f.at("parameters"), spec.getFramework().getParameters().get("uri"));
            }
        }
        return v.list();
    }

    public static List<Violation> validate(Experiment experiment) {
        Violations v = new Violations();
        if (experiment.getSpec() == null) {
            v.add("spec", "is required");
            return v.list();
        }
        providerReference(v.at("spec"), experiment.getSpec().getProvider());
        return v.list();
    }

    public static List<Violation> validate(Run run) {
        Violations v = new Violations();
        if (run.getSpec() == null) {
            v.add("spec", "is required");
            return v.list();
        }
        runSpec(v.at("spec"), run.getSpec());
        return v.list();
    }


    public static List<Violation> validate(RunConfiguration runConfiguration) {
        Violations v = new Violations();
        RunConfigurationSpec spec = runConfiguration.getSpec();
        if (spec == null) {
            v.add("spec", "is required");
            return v.list();
        }
        Violations s = v.at("spec");
        if (spec.getRun() == null) {
            s.add("run", "is required: the run to start when a trigger fires");
        } else {
            runSpec(s.at("run"), spec.getRun());
        }
        runNowToken(v, runConfiguration);
        Triggers triggers = spec.getTriggers();
        if (triggers != null) {
            Violations t = s.at("triggers");
            if (triggers.getSchedules() != null) {
                for (int i = 0; i < triggers.getSchedules().size(); i++) {
                    schedule(t.at("schedules", i), triggers.getSchedules().get(i));
                }
            }
            if (triggers.getOnChange() != null) {
                for (int i = 0; i < triggers.getOnChange().size(); i++) {
                    if (triggers.getOnChange().get(i) == null) {
                        t.at("onChange", i).add("must be pipeline or runSpec");
                    }
                }
            }
            if (triggers.getRunConfigurations() != null) {
                Set<NamespacedName> seen = new HashSet<>();
                NamespacedName self = new NamespacedName(runConfiguration.getMetadata() == null ? "" : runConfiguration.getMetadata().getNamespace(),
                        runConfiguration.getMetadata() == null ? "" : runConfiguration.getMetadata().getName());
                for (int i = 0; i < triggers.getRunConfigurations().size(); i++) {
                    Violations at = t.at("runConfigurations", i);
                    NamespacedName ref = runConfigurationReference(at, triggers.getRunConfigurations().get(i));
                    if (ref == null) {
                        continue;
                    }
                    NamespacedName resolved = ref.inNamespace(self.namespace());
                    if (!seen.add(resolved)) {
                        at.add("duplicates an earlier runConfigurations entry");
                    } else if (resolved.equals(self) && !self.name().isEmpty()) {
                        at.add("a RunConfiguration cannot trigger itself");
                    }
                }
            }
        }
        return v.list();
    }

    /**
     * The run-now annotation's token, if set: 1 to 128 characters without whitespace, so it fits
     * status.triggers.runNow and reads as one word in labels of logs and Events.
     */
    private static void runNowToken(Violations v, RunConfiguration runConfiguration) {
        var annotations = runConfiguration.getMetadata() == null ? null : runConfiguration.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(RunConfiguration.RUN_NOW_ANNOTATION)) {
            return;
        }
        String token = annotations.get(RunConfiguration.RUN_NOW_ANNOTATION);
        Violations at = v.at("metadata.annotations[" + RunConfiguration.RUN_NOW_ANNOTATION + "]");
        if (token == null || token.isEmpty()) {
            at.add("must not be empty: set a new value (e.g. the current time) to start a run");
        } else if (token.codePointCount(0, token.length()) > Bounds.RUN_NOW_TOKEN) {
            at.add("must be at most " + Bounds.RUN_NOW_TOKEN + " characters (it is " + token.codePointCount(0, token.length()) + ")");
        } else if (token.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            at.add("must not contain whitespace or control characters");
        }
    }

    public static List<Violation> validate(RunSchedule runSchedule) {
        Violations v = new Violations();
        RunScheduleSpec spec = runSchedule.getSpec();
        if (spec == null) {
            v.add("spec", "is required");
            return v.list();
        }
        Violations s = v.at("spec");
        providerReference(s, spec.getProvider());
        pipelineReference(s, spec.getPipeline());
        namedValues(s, "parameters", spec.getParameters());
        outputArtifacts(s, spec.getArtifacts());
        if (spec.getSchedule() == null) {
            s.add("schedule", "is required");
        } else {
            schedule(s.at("schedule"), spec.getSchedule());
        }
        return v.list();
    }

    public static List<Violation> validate(Provider provider) {
        Violations v = new Violations();
        ProviderSpec spec = provider.getSpec();
        if (spec == null) {
            v.add("spec", "is required");
            return v.list();
        }
        Violations s = v.at("spec");
        if (blank(spec.getServiceImage())) {
            s.add("serviceImage", "is required: the provider service image for this platform");
        }
        if (blank(spec.getServiceAccount())) {
            s.add("serviceAccount", "is required: the service account the provider service runs as");
        } else if (!KubernetesNames.DNS_LABEL.matcher(spec.getServiceAccount()).matches()) {
            s.add("serviceAccount", "'" + spec.getServiceAccount() + "' is not a valid service account name (lower case letters, digits and '-')");
        }
        if (blank(spec.getPipelineRootStorage())) {
            s.add("pipelineRootStorage", "is required, e.g. gs://my-bucket/pipelines");
        }
        if (spec.getFrameworks() != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < spec.getFrameworks().size(); i++) {
                framework(s.at("frameworks", i), spec.getFrameworks().get(i), names);
            }
        }
        if (spec.getAllowedNamespaces() != null) {
            for (int i = 0; i < spec.getAllowedNamespaces().size(); i++) {
                String ns = spec.getAllowedNamespaces().get(i);
                if (ns == null || !KubernetesNames.DNS_LABEL.matcher(ns).matches()) {
                    s.at("allowedNamespaces", i).add("'" + ns + "' is not a valid namespace name");
                }
            }
        }
        if (spec.getPodTemplateEnv() != null) {
            for (int i = 0; i < spec.getPodTemplateEnv().size(); i++) {
                EnvVar env = spec.getPodTemplateEnv().get(i);
                String name = env == null ? null : env.getName();
                Violations at = s.at("podTemplateEnv", i).at("name");
                if (blank(name)) {
                    at.add("is required");
                } else {
                    String upper = name.toUpperCase(Locale.ROOT);
                    if (upper.equals("PROVIDERNAME") || upper.equals("PIPELINEROOTSTORAGE") || upper.startsWith("PARAMETERS_")) {
                        at.add("'" + name + "' is reserved: PROVIDERNAME, PIPELINEROOTSTORAGE and PARAMETERS_* are set by the operator;"
                                + " use spec.pipelineRootStorage or spec.parameters instead");
                    }
                }
            }
        }
        return v.list();
    }

    /**
     * Rules that need the referenced Provider (upstream's Pipeline/RunConfiguration webhooks): it
     * must exist, allow the resource's namespace and, for a Pipeline, support its framework.
     *
     * @param provider the Provider named by the resource, or null when it does not exist
     */
    public static List<Violation> validateAgainstProvider(HasMetadata resource, String providerReference, Provider provider) {
        Violations v = new Violations();
        String providerPath = resource instanceof RunConfiguration ? "spec.run.provider" : "spec.provider";
        if (provider == null) {
            v.at(providerPath).add("Provider '" + providerReference + "' does not exist");
            return v.list();
        }
        ProviderSpec spec = provider.getSpec();
        List<String> allowed = spec == null ? null : spec.getAllowedNamespaces();
        String namespace = resource.getMetadata() == null ? null : resource.getMetadata().getNamespace();
        if (allowed != null && !allowed.isEmpty() && !allowed.contains(namespace)) {
            v.at("metadata.namespace").add("namespace '" + namespace + "' is not allowed to use Provider '" + providerReference
                    + "' (allowed: " + String.join(", ", allowed) + ")");
        }
        if (resource instanceof Pipeline pipeline && pipeline.getSpec() != null && pipeline.getSpec().getFramework() != null) {
            String framework = pipeline.getSpec().getFramework().getName();
            List<String> supported = spec == null || spec.getFrameworks() == null ? List.of()
                    : spec.getFrameworks().stream().map(Framework::getName).filter(Objects::nonNull).toList();
            if (framework != null && !STATIC_FRAMEWORK.equals(framework) && !supported.contains(framework)) {
                v.at("spec.framework.name").add("framework '" + framework + "' is not supported by Provider '" + providerReference
                        + "' (supported: " + (supported.isEmpty() ? "only static" : String.join(", ", supported) + ", static") + ")");
            }
        }
        return v.list();
    }

    private static void runSpec(Violations s, RunSpec spec) {
        providerReference(s, spec.getProvider());
        if (blank(spec.getPipeline())) {
            s.add("pipeline", "is required: the Pipeline to run, as name or name:version");
        } else {
            pipelineReference(s, spec.getPipeline());
        }
        if (spec.getParameters() != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < spec.getParameters().size(); i++) {
                parameter(s.at("parameters", i), spec.getParameters().get(i), names);
            }
        }
        outputArtifacts(s, spec.getArtifacts());
    }

    private static void parameter(Violations p, Parameter parameter, Set<String> names) {
        if (parameter == null) {
            p.add("must not be null");
            return;
        }
        if (blank(parameter.getName())) {
            p.add("name", "is required");
        } else if (!names.add(parameter.getName())) {
            p.add("name", "'" + parameter.getName() + "' is set twice");
        }
        if (parameter.getValueFrom() != null) {
            RunConfigurationRef ref = parameter.getValueFrom().getRunConfigurationRef();
            Violations r = p.at("valueFrom").at("runConfigurationRef");
            if (ref == null) {
                r.add("is required");
                return;
            }
            if (blank(ref.getName())) {
                r.add("name", "is required: the RunConfiguration, as name or namespace/name");
            } else {
                runConfigurationReference(r.at("name"), ref.getName());
            }
            if (blank(ref.getOutputArtifact())) {
                r.add("outputArtifact", "is required: the name of an artifact in that RunConfiguration's spec.run.artifacts");
            }
        }
    }

    private static void outputArtifacts(Violations s, List<OutputArtifact> artifacts) {
        if (artifacts == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < artifacts.size(); i++) {
            OutputArtifact artifact = artifacts.get(i);
            Violations a = s.at("artifacts", i);
            if (artifact == null) {
                a.add("must not be null");
                continue;
            }
            if (blank(artifact.getName())) {
                a.add("name", "is required");
            } else if (!names.add(artifact.getName())) {
                a.add("name", "'" + artifact.getName() + "' is set twice");
            }
            if (blank(artifact.getPath())) {
                a.add("path", "is required: component:artifact[:index][[filter]]");
            } else {
                try {
                    ArtifactPath.parse(artifact.getPath());
                } catch (IllegalArgumentException e) {
                    a.add("path", e.getMessage());
                }
            }
        }
    }

    private static void namedValues(Violations s, String field, List<NamedValue> values) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            NamedValue value = values.get(i);
            Violations at = s.at(field, i);
            if (value == null) {
                at.add("must not be null");
                continue;
            }
            if (blank(value.getName())) {
                at.add("name", "is required");
            }
            if (value.getValue() == null) {
                at.add("value", "is required");
            }
        }
    }

    private static void schedule(Violations s, Schedule schedule) {
        if (schedule == null) {
            s.add("must not be null");
            return;
        }
        CronExpressions.problem(schedule.getCronExpression()).ifPresent(problem -> s.add("cronExpression", problem));
        time(s.at("startTime"), schedule.getStartTime());
        time(s.at("endTime"), schedule.getEndTime());
        if (schedule.getTimeZone() != null && !ZoneId.getAvailableZoneIds().contains(schedule.getTimeZone())) {
            s.add("timeZone", "'" + schedule.getTimeZone() + "' is not a time zone of the IANA tz database, such as UTC, Europe/London or America/New_York");
        }
    }

    private static OffsetDateTime time(Violations at, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            at.add("'" + value + "' is not an RFC 3339 time such as 2024-01-01T00:00:00Z");
            return null;
        }
    }

    private static void providerReference(Violations s, String provider) {
        if (blank(provider)) {
            s.add("provider", "is required: the Provider as namespace/name, e.g. kfp-operator/kfp");
        } else if (!PROVIDER_REFERENCE.matcher(provider).matches()) {
            s.add("provider", "'" + provider + "' must be the Provider as namespace/name, e.g. kfp-operator/kfp");
        }
    }

    private static void pipelineReference(Violations s, String pipeline) {
        if (pipeline == null) {
            return;
        }
        try {
            PipelineIdentifier.parse(pipeline);
        } catch (IllegalArgumentException e) {
            s.add("pipeline", e.getMessage());
        }
    }

    private static NamespacedName runConfigurationReference(Violations at, String reference) {
        try {
            NamespacedName parsed = NamespacedName.parse(reference);
            if (parsed.name().isEmpty()) {
                at.add("is required: the RunConfiguration, as name or namespace/name");
                return null;
            }
            if (!KubernetesNames.DNS_SUBDOMAIN.matcher(parsed.name()).matches()) {
                at.add("'" + reference + "' is not a valid RunConfiguration name");
                return null;
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            at.add(e.getMessage());
            return null;
        }
    }

    private static void staticPipelineUri(Violations p, JsonNode uri) {
        if (uri == null || !uri.isTextual() || uri.asText().isBlank()) {
            p.add("uri", "is required for framework static: where the compiled pipeline is (https://, gs://, configmap://namespace/name/key or file://)");
            return;
        }
        String value = uri.asText();
        int colon = value.indexOf("://");
        String scheme = colon < 0 ? "" : value.substring(0, colon);
        if (!STATIC_URI_SCHEMES.contains(scheme)) {
            p.add("uri", "'" + value + "' must start with https://, http://, gs://, configmap:// or file://");
        } else if (scheme.equals("configmap") && value.substring(colon + 3).split("/", -1).length != 3) {
            p.add("uri", "'" + value + "' must be configmap://namespace/name/key");
        }
    }

    private static void framework(Violations f, Framework framework, Set<String> names) {
        if (framework == null) {
            f.add("must not be null");
            return;
        }
        if (blank(framework.getName())) {
            f.add("name", "is required");
        } else if (!names.add(framework.getName())) {
            f.add("name", "'" + framework.getName() + "' is listed twice");
        }
        if (blank(framework.getImage())) {
            f.add("image", "is required: the compiler image for this framework");
        }
        if (framework.getPatches() != null) {
            for (int j = 0; j < framework.getPatches().size(); j++) {
                patch(f.at("patches", j), framework.getPatches().get(j));
            }
        }
    }

    private static void patch(Violations p, Patch patch) {
        if (patch == null) {
            p.add("must not be null");
            return;
        }
        if (patch.getType() == null) {
            p.add("type", "is required: json (RFC 6902) or merge (RFC 7386)");
        }
        String field = patch.getPayload() == null && patch.getPatch() != null ? "patch" : "payload";
        if (blank(patch.effectivePayload())) {
            p.add(field, "is required");
            return;
        }
        try {
            JsonNode payload = JSON.readTree(patch.effectivePayload());
            if (patch.getType() != null) {
                switch (patch.getType()) {
                    case JSON -> {
                        if (!payload.isArray()) {
                            p.add(field, "a json patch must be a JSON array of operations, e.g. [{\"op\":\"add\",\"path\":\"/x\",\"value\":1}]");
                        }
                    }
                    case MERGE -> {
                        if (!payload.isObject()) {
                            p.add(field, "a merge patch must be a JSON object");
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            p.add(field, "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
