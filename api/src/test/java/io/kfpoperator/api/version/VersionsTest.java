package io.kfpoperator.api.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.api.v1beta1.ConcurrencyPolicy;
import io.kfpoperator.api.v1beta1.ExperimentSpec;
import io.kfpoperator.api.v1beta1.NamedValue;
import io.kfpoperator.api.v1beta1.OutputArtifact;
import io.kfpoperator.api.v1beta1.Parameter;
import io.kfpoperator.api.v1beta1.PipelineFramework;
import io.kfpoperator.api.v1beta1.PipelineSpec;
import io.kfpoperator.api.v1beta1.RunConfigurationRef;
import io.kfpoperator.api.v1beta1.RunScheduleSpec;
import io.kfpoperator.api.v1beta1.RunSpec;
import io.kfpoperator.api.v1beta1.Schedule;
import io.kfpoperator.api.v1beta1.ValueFrom;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Version strings follow the Go operator's recipe byte for byte, so each golden
 * test spells out the exact bytes hashed: every field followed by 0x00, lists sorted and closed
 * by an extra 0x00.
 */
class VersionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stands for a lone 0x00 list terminator in {@link #expectedHex}. */
    private static final String END_OF_LIST = "\u0000END";

    @Test
    void pipelineVersionIsImageTagPlusHashOfImageEnvFrameworkAndCanonicalParameters() throws Exception {
        PipelineSpec spec = pipeline(List.of(nv("B", "2"), nv("A", "1")),
                params("uri", "\"file://x\"", "z", "{\"b\": 1.0, \"a\": [true, null, \"<\"]}"));

        String expected = "v1-" + expectedHex("ghcr.io/example/hello-world:v1", "A", "1", "B", "2", END_OF_LIST, "static",
                "uri", "\"file://x\"", "z", "{\"a\":[true,null,\"\\u003c\"],\"b\":1}");

        assertThat(Versions.pipeline(spec)).isEqualTo(expected).isEqualTo("v1-8cc0cc");
    }

    @Test
    void pipelineVersionDoesNotDependOnOrderOrFormatting() throws Exception {
        String version = Versions.pipeline(pipeline(List.of(nv("A", "1"), nv("B", "2")),
                params("uri", "\"file://x\"", "z", "{\"a\":[true,null,\"<\"],\"b\":1}")));
        String reordered = Versions.pipeline(pipeline(List.of(nv("B", "2"), nv("A", "1")),
                params("z", "{ \"b\" : 1.00, \"a\" : [ true, null, \"<\" ] }", "uri", "\"file://x\"")));

        assertThat(reordered).isEqualTo(version);
        assertThat(Versions.pipeline(pipeline(List.of(nv("A", "1"), nv("B", "3")), params("uri", "\"file://x\""))))
                .isNotEqualTo(version);
    }

    @ParameterizedTest
    @CsvSource({
            "penguin, latest-",
            "penguin:v2, v2-",
            "ghcr.io/org/penguin:1.0.3, 1.0.3-",
            "localhost:5000/penguin:dev, dev-",
            "penguin:v2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, v2-",
            "penguin@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, ''",
            "Penguin:v1, ''",
            "ghcr.io/Org/penguin:v1, ''"})
    void pipelineVersionStartsWithTheImageTag(String image, String prefix) {
        PipelineSpec spec = new PipelineSpec().withImage(image)
                .withFramework(new PipelineFramework().withName("tfx").withParameters(Map.of()));
        assertThat(Versions.pipeline(spec)).matches(java.util.regex.Pattern.quote(prefix) + "[0-9a-f]{6}");
    }

    @Test
    void experimentVersionHashesTheDescription() throws Exception {
        assertThat(Versions.experiment(new ExperimentSpec().withDescription("runs of penguin")))
                .isEqualTo(expectedHex("runs of penguin"));
        assertThat(Versions.experiment(new ExperimentSpec())).isEqualTo(expectedHex(""));
    }

    @Test
    void runScheduleVersionHashesScheduleTimesInGoFormat() throws Exception {
        RunScheduleSpec spec = new RunScheduleSpec()
                .withProvider("kfp-operator/kfp")
                .withPipeline("penguin:v1-abc123")
                .withExperimentName("exp")
                .withParameters(List.of(nv("b", "2"), nv("a", "1")))
                .withArtifacts(List.of(new OutputArtifact().withName("model").withPath("Pusher:pushed_model[pushed == 1]")))
                .withSchedule(new Schedule().withCronExpression("0 * * * *")
                        .withStartTime("2024-01-01T01:00:00+01:00").withEndTime("2024-12-31T23:59:59.5Z"));

        assertThat(Versions.runSchedule(spec)).isEqualTo(expectedHex("penguin:v1-abc123", "exp", "a", "1", "b", "2", END_OF_LIST,
                "model", "Pusher:pushed_model:0[pushed == 1]", END_OF_LIST, "0 * * * *",
                "2024-01-01 00:00:00 +0000 UTC", "2024-12-31 23:59:59.5 +0000 UTC"));
    }

    @Test
    void runScheduleVersionChangesWithOurScheduleFieldsOnlyWhenTheyAreSet() throws Exception {
        RunScheduleSpec plain = new RunScheduleSpec().withPipeline("penguin:v1").withSchedule(new Schedule().withCronExpression("0 9 * * *"));
        String upstream = expectedHex("penguin:v1", "", END_OF_LIST, END_OF_LIST, "0 9 * * *");
        assertThat(Versions.runSchedule(plain)).as("as upstream hashes it").isEqualTo(upstream);
        plain.getSchedule().setSuspend(false);
        assertThat(Versions.runSchedule(plain)).as("suspend: false is the default").isEqualTo(upstream);

        RunScheduleSpec controlled = new RunScheduleSpec().withPipeline("penguin:v1").withSchedule(new Schedule().withCronExpression("0 9 * * *")
                .withTimeZone("Europe/London").withSuspend(true).withConcurrencyPolicy(ConcurrencyPolicy.FORBID).withCatchUp(true));
        assertThat(Versions.runSchedule(controlled)).isEqualTo(expectedHex("penguin:v1", "", END_OF_LIST, END_OF_LIST, "0 9 * * *",
                "timeZone=Europe/London", "suspend", "concurrencyPolicy=Forbid", "catchUp"));
    }

    @Test
    void runSpecVersionSortsParametersLiteralsFirstAndWritesReferences() throws Exception {
        RunSpec spec = new RunSpec().withProvider("kfp-operator/kfp").withPipeline("penguin")
                .withParameters(List.of(
                        new Parameter().withName("b").withValueFrom(new ValueFrom().withRunConfigurationRef(
                                new RunConfigurationRef().withName("base/examples-rc").withOutputArtifact("examples").withOptional(true))),
                        new Parameter().withName("a").withValue("1")));

        String expected = expectedHex("penguin", "", "a", "1", "b", "", "examples-rc", "base", "examples", "true", END_OF_LIST, END_OF_LIST);
        assertThat(Versions.runSpec(spec)).isEqualTo(expected);
        assertThat(Versions.run(spec, "v1-abc123")).isEqualTo(expectedHex("penguin", "", "a", "1", "b", "", "examples-rc", "base",
                "examples", "true", END_OF_LIST, END_OF_LIST, "v1-abc123"));

        RunSpec reordered = new RunSpec().withProvider("kfp-operator/kfp").withPipeline("penguin")
                .withParameters(List.of(spec.getParameters().get(1), spec.getParameters().get(0)));
        assertThat(Versions.runSpec(reordered)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1", "1.5, 1.5", "100000000000000000000, 100000000000000000000", "1e21, 1e+21",
            "0.000001, 0.000001", "0.0000001, 1e-7", "-2.5e-10, -2.5e-10", "123456789.125, 123456789.125"})
    void numbersAreWrittenLikeGoFloat64(double value, String expected) {
        assertThat(GoCanonicalJson.formatFloat64(value)).isEqualTo(expected);
    }

    /** SHA-1 over the fields, each followed by 0x00 ({@link #END_OF_LIST} is a lone 0x00), first 3 bytes in hex. */
    private static String expectedHex(String... fields) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String field : fields) {
            if (!field.equals(END_OF_LIST)) {
                bytes.write(field.getBytes(StandardCharsets.UTF_8));
            }
            bytes.write(0);
        }
        byte[] sum = MessageDigest.getInstance("SHA-1").digest(bytes.toByteArray());
        return HexFormat.of().formatHex(sum, 0, 3);
    }

    private static PipelineSpec pipeline(List<NamedValue> env, Map<String, JsonNode> parameters) {
        return new PipelineSpec().withProvider("kfp-operator/kfp").withImage("ghcr.io/example/hello-world:v1").withEnv(env)
                .withFramework(new PipelineFramework().withName("static").withParameters(parameters));
    }

    private static Map<String, JsonNode> params(String... keysAndJson) throws Exception {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndJson.length; i += 2) {
            map.put(keysAndJson[i], JSON.readTree(keysAndJson[i + 1]));
        }
        return map;
    }

    private static NamedValue nv(String name, String value) {
        return new NamedValue().withName(name).withValue(value);
    }
}
