package io.kfpoperator.controller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kfpoperator.api.v1beta1.Framework;
import io.kfpoperator.api.v1beta1.Patch;
import io.kfpoperator.api.v1beta1.PatchType;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.ProviderSpec;
import io.kfpoperator.controller.compile.DefinitionException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameworkPatchesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFINITION = """
            {"name": "default/penguin", "version": "v1-abc", "image": "penguin:v1", "env": [],
             "framework": {"name": "tfx", "parameters": {"pipeline": "p.create", "beamArgs": [{"name": "a", "value": "1"}]}}}
            """;

    private static Provider provider(String framework, Patch... patches) {
        Provider provider = new Provider();
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace("kfp-operator");
        meta.setName("kfp");
        provider.setMetadata(meta);
        ProviderSpec spec = new ProviderSpec();
        Framework other = new Framework();
        other.setName("kfpsdk");
        other.setImage("kfpsdk:1");
        other.setPatches(List.of(patch(PatchType.MERGE, "{\"image\": \"wrong\"}")));
        Framework listed = new Framework();
        listed.setName(framework);
        listed.setImage("compiler:1");
        listed.setPatches(List.of(patches));
        spec.setFrameworks(List.of(other, listed));
        provider.setSpec(spec);
        return provider;
    }

    private static Patch patch(PatchType type, String payload) {
        Patch patch = new Patch();
        patch.setType(type);
        patch.setPayload(payload);
        return patch;
    }

    private static ObjectNode definition() throws Exception {
        return (ObjectNode) JSON.readTree(DEFINITION);
    }

    static Stream<Arguments> patches() {
        return Stream.of(
                Arguments.of("json add appends a beam arg",
                        new Patch[] {patch(PatchType.JSON, "[{\"op\": \"add\", \"path\": \"/framework/parameters/beamArgs/-\", \"value\": {\"name\": \"b\", \"value\": \"2\"}}]")},
                        "/framework/parameters/beamArgs", "[{\"name\":\"a\",\"value\":\"1\"},{\"name\":\"b\",\"value\":\"2\"}]"),
                Arguments.of("json replace and remove in one patch",
                        new Patch[] {patch(PatchType.JSON, "[{\"op\": \"replace\", \"path\": \"/image\", \"value\": \"penguin:gpu\"},"
                                + " {\"op\": \"remove\", \"path\": \"/framework/parameters/pipeline\"}]")},
                        "", "{\"name\":\"default/penguin\",\"version\":\"v1-abc\",\"image\":\"penguin:gpu\",\"env\":[],"
                                + "\"framework\":{\"name\":\"tfx\",\"parameters\":{\"beamArgs\":[{\"name\":\"a\",\"value\":\"1\"}]}}}"),
                Arguments.of("merge replaces a list and null removes a key",
                        new Patch[] {patch(PatchType.MERGE, "{\"framework\": {\"parameters\": {\"beamArgs\": [{\"name\": \"runner\", \"value\": \"Dataflow\"}], \"pipeline\": null}}}")},
                        "/framework/parameters", "{\"beamArgs\":[{\"name\":\"runner\",\"value\":\"Dataflow\"}]}"),
                Arguments.of("patches apply in order",
                        new Patch[] {patch(PatchType.MERGE, "{\"image\": \"first\"}"),
                                patch(PatchType.JSON, "[{\"op\": \"test\", \"path\": \"/image\", \"value\": \"first\"}, {\"op\": \"replace\", \"path\": \"/image\", \"value\": \"second\"}]")},
                        "/image", "\"second\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void appliesTheFrameworksPatches(String row, Patch[] patches, String pointer, String expected) throws Exception {
        ObjectNode patched = FrameworkPatches.apply(definition(), provider("tfx", patches), "TFX");
        assertThat(patched.at(pointer)).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void definitionWithoutPatchesOrForAnUnlistedFrameworkIsUnchanged() throws Exception {
        assertThat(FrameworkPatches.apply(definition(), provider("tfx"), "tfx")).isEqualTo(definition());
        assertThat(FrameworkPatches.apply(definition(), provider("tfx", patch(PatchType.MERGE, "{\"image\": \"x\"}")), "static"))
                .isEqualTo(definition());
        assertThat(FrameworkPatches.apply(definition(), null, "tfx")).isEqualTo(definition());
    }

    static Stream<Arguments> badPatches() {
        return Stream.of(
                Arguments.of(patch(PatchType.JSON, "[{\"op\": \"add\""), "spec.frameworks[1].patches[0].payload: not valid JSON"),
                Arguments.of(patch(PatchType.JSON, "{\"image\": \"x\"}"), "spec.frameworks[1].patches[0].payload: a json patch is a list of operations"),
                Arguments.of(patch(PatchType.JSON, "[{\"op\": \"frobnicate\", \"path\": \"/image\"}]"), "spec.frameworks[1].patches[0].payload: not a valid json patch"),
                Arguments.of(patch(PatchType.JSON, "[{\"op\": \"test\", \"path\": \"/image\", \"value\": \"other\"}]"),
                        "spec.frameworks[1].patches[0]: does not apply to the pipeline definition"),
                Arguments.of(patch(PatchType.JSON, "[{\"op\": \"remove\", \"path\": \"/nothing/here\"}]"),
                        "spec.frameworks[1].patches[0]: does not apply to the pipeline definition"),
                Arguments.of(patch(PatchType.MERGE, ""), "spec.frameworks[1].patches[0].payload: empty"),
                Arguments.of(patch(PatchType.MERGE, "\"just a string\""), "no longer a JSON object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badPatches")
    void aPatchThatCannotApplyIsAPermanentErrorNamingItsFieldPath(Patch bad, String message) {
        assertThatThrownBy(() -> FrameworkPatches.apply(definition(), provider("tfx", bad), "tfx"))
                .isInstanceOfSatisfying(DefinitionException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).startsWith("Provider kfp-operator/kfp ").contains(message);
                });
    }
}
