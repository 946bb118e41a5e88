package io.kfpoperator.apiserver.printing;

import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

public class JsonPathTest {

    private static final JsonNode PIPELINE = json("""
            {"metadata": {"name": "hello", "labels": {"app.kubernetes.io/name": "demo"}},
             "status": {"version": "v1-abc", "observedGeneration": 3,
                        "conditions": [{"type": "Ready", "reason": "Waiting"},
                                       {"type": "Synchronized", "reason": "Succeeded", "observedGeneration": 3}]}}
            """);

    @Test
    void selectsNestedFields() {
        assertThat(texts(".status.version")).containsExactly("v1-abc");
        assertThat(texts("{.metadata.name}")).containsExactly("hello");
    }

    @Test
    void filtersConditionsByTypeAsThePrinterColumnsDo() {
        assertThat(texts(".status.conditions[?(@.type==\"Synchronized\")].reason")).containsExactly("Succeeded");
        // The Provider CRD's column is written with spaces and single quotes.
        assertThat(texts(".status.conditions[?(@.type == 'Synchronized')].reason")).containsExactly("Succeeded");
        assertThat(texts(".status.conditions[?(@.type!=\"Synchronized\")].reason")).containsExactly("Waiting");
        assertThat(texts(".status.conditions[?(@.observedGeneration==3)].type")).containsExactly("Synchronized");
        assertThat(texts(".status.conditions[?(@.observedGeneration)].type")).containsExactly("Synchronized");
    }

    @Test
    void supportsIndexesWildcardsAndQuotedKeys() {
        assertThat(texts(".status.conditions[0].type")).containsExactly("Ready");
        assertThat(texts(".status.conditions[-1].type")).containsExactly("Synchronized");
        assertThat(texts(".status.conditions[*].type")).containsExactly("Ready", "Synchronized");
        assertThat(texts(".metadata.labels['app.kubernetes.io/name']")).containsExactly("demo");
    }

    @Test
    void missingPathsSelectNothing() {
        assertThat(texts(".status.provider.name")).isEmpty();
        assertThat(texts(".status.conditions[?(@.type==\"Deleted\")].reason")).isEmpty();
        assertThat(texts(".status.conditions[7].type")).isEmpty();
    }

    @Test
    void rejectsWhatItDoesNotUnderstandWithThePath() {
        assertThatThrownBy(() -> JsonPath.parse(".status.conditions[?(@.type=~\"S.*\")]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conditions");
        assertThatThrownBy(() -> JsonPath.parse("status")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> texts(String path) {
        return JsonPath.parse(path).evaluate(PIPELINE).stream().map(JsonNode::asText).toList();
    }

    public static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
