package io.kfpoperator.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.fge.jsonpatch.mergepatch.JsonMergePatch;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The status patch applied as kube-apiserver applies a merge patch to a custom resource (RFC
 * 7386, here by an independent implementation): whatever the status held, the result is exactly
 * what the writer wanted, and what it did not change is not in the patch.
 */
class MergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("nothing yet", "{}", "{\"conditions\":[{\"type\":\"Synchronized\",\"reason\":\"Succeeded\"}],\"version\":\"v1\"}"),
                Arguments.of("a list replaced, not appended to",
                        "{\"latestRuns\":{\"succeeded\":{\"providerId\":\"run-4\",\"artifacts\":[{\"name\":\"a\",\"location\":\"gs://4/a\"},{\"name\":\"b\",\"location\":\"gs://4/b\"}]}}}",
                        "{\"latestRuns\":{\"succeeded\":{\"providerId\":\"run-5\",\"artifacts\":[{\"name\":\"a\",\"location\":\"gs://5/a\"}]}}}"),
                Arguments.of("a member dropped from a nested object",
                        "{\"dependencies\":{\"pipeline\":{\"version\":\"v1\"},\"runConfigurations\":{\"ns/rc\":{\"providerId\":\"r\"}}}}",
                        "{\"dependencies\":{\"pipeline\":{\"version\":\"v2\"}}}"),
                Arguments.of("a field cleared", "{\"version\":\"v1\",\"observedGeneration\":3}", "{\"observedGeneration\":4}"),
                Arguments.of("an object replaced by a scalar and back", "{\"x\":{\"a\":1}}", "{\"x\":\"flat\"}"),
                Arguments.of("unchanged", "{\"version\":\"v1\",\"conditions\":[]}", "{\"version\":\"v1\",\"conditions\":[]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void thePatchTurnsTheStoredStatusIntoTheWantedOne(String name, String stored, String wanted) throws Exception {
        JsonNode before = JSON.readTree(stored);
        JsonNode after = JSON.readTree(wanted);

        JsonNode patch = MergePatch.diff(before, after);

        assertThat(JsonMergePatch.fromJson(patch).apply(before)).isEqualTo(after);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void whatTheWriterDidNotChangeIsNotSent(String name, String stored, String wanted) throws Exception {
        JsonNode before = JSON.readTree(stored);
        JsonNode after = JSON.readTree(wanted);
        // Another writer's field, present on the server, unknown to this writer's copy.
        ((com.fasterxml.jackson.databind.node.ObjectNode) before).put("completionState", "Succeeded");
        ((com.fasterxml.jackson.databind.node.ObjectNode) after).put("completionState", "Succeeded");

        JsonNode patch = MergePatch.diff(before, after);

        assertThat(patch.has("completionState")).isFalse();
        assertThat(JsonMergePatch.fromJson(patch).apply(before)).isEqualTo(after);
    }
}
