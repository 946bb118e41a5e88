package io.kfpoperator.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VertexLabelsTest {

    private static final Pattern VALID_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
    private static final Pattern VALID_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    @ParameterizedTest(name = "value \"{0}\" → \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            nightly-training            | nightly-training
            Nightly-Training            | nightly-training
            team.a/pipeline             | team-a-pipeline
            1.2.3                       | 1-2-3
            under_score                 | under_score
            'with space'                | with-space
            ümlaut                      | -mlaut
            ''                          | ''
            """)
    void valuesAreLowerCasedAndIllegalCharactersReplaced(String raw, String expected) {
        assertThat(VertexLabels.value(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "key \"{0}\" → \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            pipeline-name     | pipeline-name
            Pipeline.Name     | pipeline-name
            schema_version    | schema_version
            9lives            | k-9lives
            -dash             | k--dash
            """)
    void keysStartWithALetter(String raw, String expected) {
        assertThat(VertexLabels.key(raw)).isEqualTo(expected);
    }

    @Test
    void aValueOfExactly63CharactersIsKeptWhole() {
        String name = "a".repeat(63);

        assertThat(VertexLabels.value(name)).isEqualTo(name);
    }

    @Test
    void aLongValueIsCutTo63WithAHashSuffix() {
        String name = "feature-engineering-for-the-recommendations-model-of-the-homepage-team";

        String label = VertexLabels.value(name);

        assertThat(label).hasSize(63).matches(VALID_VALUE).startsWith("feature-engineering-for-the-recommendations-model-of-the-");
        assertThat(label).matches(".*-[0-9a-f]{6}");
        assertThat(VertexLabels.value(name)).as("deterministic").isEqualTo(label);
    }

    @Test
    void twoLongNamesSharingTheirFirst63CharactersDoNotCollide() {
        String prefix = "x".repeat(70);

        String first = VertexLabels.value(prefix + "-daily");
        String second = VertexLabels.value(prefix + "-weekly");

        assertThat(first).hasSize(63).matches(VALID_VALUE);
        assertThat(second).hasSize(63).matches(VALID_VALUE);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void namesDifferingOnlyInCaseBeyondTheLimitDoNotCollide() {
        String prefix = "p".repeat(64);

        assertThat(VertexLabels.value(prefix + "A")).isNotEqualTo(VertexLabels.value(prefix + "a"));
    }

    @Test
    void aLongKeyStaysAValidKey() {
        String key = "9" + "k".repeat(80);

        assertThat(VertexLabels.key(key)).hasSize(63).matches(VALID_KEY);
    }

    @Test
    void sanitiseAppliesToEveryEntryAndTreatsNullAsEmpty() {
        java.util.HashMap<String, String> labels = new java.util.HashMap<>();
        labels.put("Run-Name", "My.Run");
        labels.put("trigger-source", null);

        assertThat(VertexLabels.sanitise(labels)).isEqualTo(Map.of("run-name", "my-run", "trigger-source", ""));
    }
}
