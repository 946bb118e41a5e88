package io.kfpoperator.apiserver.selection;

import static io.kfpoperator.apiserver.printing.JsonPathTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {

    private static final JsonNode EVENT = json("""
            {"metadata": {"name": "hello.1", "namespace": "default"},
             "involvedObject": {"kind": "Pipeline", "name": "hello", "namespace": "default", "uid": "u-1"}}
            """);

    @Test
    void matchesTheSelectorKubectlDescribeSends() {
        assertThat(FieldSelector.parse("involvedObject.name=hello,involvedObject.namespace=default,involvedObject.kind=Pipeline,involvedObject.uid=u-1")
                .matches(EVENT)).isTrue();
        assertThat(FieldSelector.parse("involvedObject.name=other").matches(EVENT)).isFalse();
    }

    @Test
    void supportsInequalityDoubleEqualsAndEmptySelectors() {
        assertThat(FieldSelector.parse("involvedObject.kind!=Run").matches(EVENT)).isTrue();
        assertThat(FieldSelector.parse("metadata.name==hello.1").matches(EVENT)).isTrue();
        assertThat(FieldSelector.parse("").matches(EVENT)).isTrue();
        assertThat(FieldSelector.parse(null).matches(EVENT)).isTrue();
    }

    @Test
    void knowsWhichNameAWatchIsPinnedTo() {
        assertThat(FieldSelector.parse("metadata.name=hello").requiredName()).contains("hello");
        assertThat(FieldSelector.parse("metadata.namespace=default").requiredName()).isEmpty();
    }
}
