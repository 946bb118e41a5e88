package io.kfpoperator.api.version;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.types.ArtifactPath;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.types.PipelineIdentifier;
import io.kfpoperator.api.v1beta1.ExperimentSpec;
import io.kfpoperator.api.v1beta1.NamedValue;
import io.kfpoperator.api.v1beta1.OutputArtifact;
import io.kfpoperator.api.v1beta1.Parameter;
import io.kfpoperator.api.v1beta1.PipelineSpec;
import io.kfpoperator.api.v1beta1.RunConfigurationRef;
import io.kfpoperator.api.v1beta1.RunScheduleSpec;
import io.kfpoperator.api.v1beta1.RunSpec;
import io.kfpoperator.api.v1beta1.Schedule;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Version strings of specs. A version changes exactly when a field that matters to
 * the platform changes; it does not depend on list or map order. The recipe and therefore the
 * strings are the Go kfp-operator's, so resources migrated between the operators are not
 * re-synchronised.
 */
public final class Versions {

    private static final DateTimeFormatter GO_TIME_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Versions() {
    }

    /** "&lt;image tag&gt;-&lt;6 hex&gt;" (e.g. {@code v1-1a2b3c}, {@code latest-1a2b3c}), or the hex alone when the image has no tag. */
    public static String pipeline(PipelineSpec spec) {
        ObjectHasher hasher = new ObjectHasher();
        hasher.writeString(spec.getImage());
        hasher.writeKeyValueList(namedValues(spec.getEnv()));
        String frameworkName = spec.getFramework() == null ? "" : spec.getFramework().getName();
        Map<String, JsonNode> parameters = spec.getFramework() == null ? null : spec.getFramework().getParameters();
        hasher.writeString(frameworkName);
        if (parameters != null) {
            List<String> keys = new ArrayList<>(parameters.keySet());
            keys.sort(ObjectHasher.GO_STRING_ORDER);
            // Go skips the value of a nil entry and writes no closing separator after the map.
            for (String key : keys) {
                hasher.writeString(key);
                JsonNode value = parameters.get(key);
                if (value != null) {
                    hasher.writeString(GoCanonicalJson.write(value));
                }
            }
        }
        String hex = hasher.shortHex();
        return ImageReference.versionTag(spec.getImage()).map(tag -> tag + "-" + hex).orElse(hex);
    }

    public static String experiment(ExperimentSpec spec) {
        ObjectHasher hasher = new ObjectHasher();
        hasher.writeString(spec.getDescription());
        return hasher.shortHex();
    }

    public static String runSchedule(RunScheduleSpec spec) {
        ObjectHasher hasher = new ObjectHasher();
        hasher.writeString(pipelineString(spec.getPipeline()));
        hasher.writeString(spec.getExperimentName());
        hasher.writeKeyValueList(namedValues(spec.getParameters()));
        hasher.writeKeyValueList(artifacts(spec.getArtifacts()));
        Schedule schedule = spec.getSchedule() == null ? new Schedule() : spec.getSchedule();
        hasher.writeString(schedule.getCronExpression());
        if (schedule.getStartTime() != null) {
            hasher.writeString(goTimeString(schedule.getStartTime()));
        }
        if (schedule.getEndTime() != null) {
            hasher.writeString(goTimeString(schedule.getEndTime()));
        }
        // Our fields, written only when set: a schedule without them keeps the version upstream gives it.
        if (schedule.getTimeZone() != null) {
            hasher.writeString("timeZone=" + schedule.getTimeZone());
        }
        if (Boolean.TRUE.equals(schedule.getSuspend())) {
            hasher.writeString("suspend");
        }
        if (schedule.getConcurrencyPolicy() != null) {
            hasher.writeString("concurrencyPolicy=" + schedule.getConcurrencyPolicy().wireName());
        }
        if (Boolean.TRUE.equals(schedule.getCatchUp())) {
            hasher.writeString("catchUp");
        }
        return hasher.shortHex();
    }

    /** Version of a run template, used by RunConfiguration's onChange: [runSpec]. */
    public static String runSpec(RunSpec spec) {
        ObjectHasher hasher = new ObjectHasher();
        writeRunSpec(hasher, spec);
        return hasher.shortHex();
    }

    /** Version of a Run: its spec plus the pipeline version it resolved. */
    public static String run(RunSpec spec, String resolvedPipelineVersion) {
        ObjectHasher hasher = new ObjectHasher();
        writeRunSpec(hasher, spec);
        hasher.writeString(resolvedPipelineVersion);
        return hasher.shortHex();
    }

    private static void writeRunSpec(ObjectHasher hasher, RunSpec spec) {
        hasher.writeString(pipelineString(spec.getPipeline()));
        hasher.writeString(spec.getExperimentName());
        hasher.writeList(spec.getParameters(), PARAMETER_ORDER, Versions::writeParameter);
        hasher.writeKeyValueList(artifacts(spec.getArtifacts()));
    }

    private static void writeParameter(ObjectHasher hasher, Parameter p) {
        hasher.writeString(p.getName());
        hasher.writeString(p.getValue());
        if (p.getValueFrom() != null && p.getValueFrom().getRunConfigurationRef() != null) {
            RunConfigurationRef ref = p.getValueFrom().getRunConfigurationRef();
            NamespacedName rc = NamespacedName.tryParse(ref.getName()).orElse(new NamespacedName("", ref.getName()));
            hasher.writeString(rc.name());
            hasher.writeString(rc.namespace());
            hasher.writeString(ref.getOutputArtifact());
            hasher.writeString(Boolean.toString(Boolean.TRUE.equals(ref.getOptional())));
        }
    }

    /** Name, value, literal before valueFrom, then the reference's name, output artifact, optional last. */
    private static final Comparator<Parameter> PARAMETER_ORDER = Comparator
            .comparing((Parameter p) -> nullToEmpty(p.getName()), ObjectHasher.GO_STRING_ORDER)
            .thenComparing(p -> nullToEmpty(p.getValue()), ObjectHasher.GO_STRING_ORDER)
            .thenComparing(p -> ref(p) != null)
            .thenComparing(p -> ref(p) == null ? "" : NamespacedName.tryParse(ref(p).getName())
                    .map(NamespacedName::name).orElse(nullToEmpty(ref(p).getName())), ObjectHasher.GO_STRING_ORDER)
            .thenComparing(p -> ref(p) == null ? "" : nullToEmpty(ref(p).getOutputArtifact()), ObjectHasher.GO_STRING_ORDER)
            .thenComparing(p -> ref(p) != null && Boolean.TRUE.equals(ref(p).getOptional()));

    private static RunConfigurationRef ref(Parameter p) {
        return p.getValueFrom() == null ? null : p.getValueFrom().getRunConfigurationRef();
    }

    private static String pipelineString(String pipeline) {
        if (pipeline == null || pipeline.isEmpty()) {
            return "";
        }
        try {
            return PipelineIdentifier.parse(pipeline).toString();
        } catch (IllegalArgumentException e) {
            return pipeline;
        }
    }

    private static List<String[]> namedValues(List<NamedValue> values) {
        List<String[]> pairs = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> pairs.add(new String[] {nullToEmpty(v.getName()), nullToEmpty(v.getValue())}));
        }
        return pairs;
    }

    private static List<String[]> artifacts(List<OutputArtifact> artifacts) {
        List<String[]> pairs = new ArrayList<>();
        if (artifacts != null) {
            for (OutputArtifact a : artifacts) {
                String path = nullToEmpty(a.getPath());
                try {
                    path = ArtifactPath.parse(path).toString();
                } catch (IllegalArgumentException e) {
                    // an invalid path is reported by the validators; hash it as written
                }
                pairs.add(new String[] {nullToEmpty(a.getName()), path});
            }
        }
        return pairs;
    }

    /** Go's time.Time.String() of a metav1.Time in UTC: "2024-01-01 00:00:00 +0000 UTC". */
    static String goTimeString(String rfc3339) {
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(rfc3339).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return rfc3339;
        }
        StringBuilder s = new StringBuilder(GO_TIME_SECONDS.format(t));
        if (t.getNano() != 0) {
            String nanos = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            s.append('.').append(nanos);
        }
        return s.append(" +0000 UTC").toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
