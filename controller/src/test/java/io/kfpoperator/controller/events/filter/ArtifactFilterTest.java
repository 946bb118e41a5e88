package io.kfpoperator.controller.events.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArtifactFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> METADATA = metadata("""
            {"pushed": true, "blessed": false, "accuracy": 0.93, "epochs": 10, "count": "3",
             "display_name": "model-a", "stage": "prod", "labels": {"team": "search", "tier": {"level": 2}}}
            """);

    @ParameterizedTest(name = "[{0}] is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                          | true
            pushed == true                              | true
            pushed != true                              | false
            pushed                                      | true
            blessed                                     | false
            not blessed                                 | true
            pushed == 1                                 | false
            epochs == 10                                | true
            epochs == 10.0                              | true
            epochs == "10"                              | true
            count == 3                                  | true
            accuracy == 0.93                            | true
            accuracy != 0.93                            | false
            stage == "prod"                             | true
            stage == 'prod'                             | true
            stage == "dev"                              | false
            "prod" == stage                             | true
            display_name == "model-a"                   | true
            labels.team == "search"                     | true
            labels.tier.level == 2                      | true
            labels.tier.missing == 2                    | false
            labels.team.deeper == "x"                   | false
            missing == "x"                              | false
            missing != "x"                              | true
            pushed and stage == "prod"                  | true
            pushed and stage == "dev"                   | false
            blessed or stage == "prod"                  | true
            blessed or stage == "dev"                   | false
            not (blessed or stage == "dev")             | true
            pushed and not blessed                      | true
            blessed and epochs == 10 or pushed          | true
            blessed and (epochs == 10 or pushed)        | false
            not not pushed                              | true
            true                                        | true
            false or ((stage == "prod"))                | true
            stage == "with \\"quote"                    | false
            """)
    void evaluatesAgainstMetadata(String expression, boolean expected) {
        assertThat(ArtifactFilter.parse(expression).matches(METADATA)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            pushed ==                    | expression ends too early
            pushed = true                | expected '=='
            stage == "prod               | string is not closed
            (pushed                      | expected ')' before the end
            pushed)                      | unexpected ')'
            pushed == == true            | expected a metadata key or a value
            stage ~ "x"                  | unexpected character '~'
            labels. == 1                 | expected a key after '.'
            pushed and                   | expression ends too early
            pushed stage                 | unexpected 'stage'
            """)
    void rejectsWhatIsNotInTheGrammar(String expression, String problem) {
        assertThatThrownBy(() -> ArtifactFilter.parse(expression))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining(problem);
    }

    @org.junit.jupiter.api.Test
    void refusesExpressionsNestedTooDeeply() {
        String deep = "(".repeat(100) + "pushed" + ")".repeat(100);
        assertThatThrownBy(() -> ArtifactFilter.parse(deep)).isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("nested more than");
    }

    @org.junit.jupiter.api.Test
    void absentMetadataMatchesOnlyNegations() {
        assertThat(ArtifactFilter.parse("pushed == true").matches(null)).isFalse();
        assertThat(ArtifactFilter.parse("pushed != true").matches(null)).isTrue();
    }

    private static Map<String, JsonNode> metadata(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, JsonNode>>() { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
