package io.kfpoperator.controller.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SemanticsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fieldsTheServerAddsDoNotMakeADifference() {
        assertThat(Semantics.isDerivative(json("{\"a\":1,\"b\":{\"c\":\"x\"}}"), json("{\"a\":1,\"b\":{\"c\":\"x\",\"d\":true},\"e\":[1]}"))).isTrue();
    }

    @Test
    void fieldsWeSetMustKeepOurValue() {
        assertThat(Semantics.isDerivative(json("{\"a\":1}"), json("{\"a\":2}"))).isFalse();
        assertThat(Semantics.isDerivative(json("{\"a\":1}"), json("{}"))).isFalse();
        assertThat(Semantics.isDerivative(json("{\"a\":\"1\"}"), json("{\"a\":1}"))).isFalse();
    }

    @Test
    void listsMustHaveOurLengthAndOrder() {
        assertThat(Semantics.isDerivative(json("[{\"n\":\"a\"},{\"n\":\"b\"}]"), json("[{\"n\":\"a\",\"x\":1},{\"n\":\"b\"}]"))).isTrue();
        assertThat(Semantics.isDerivative(json("[{\"n\":\"a\"}]"), json("[{\"n\":\"a\"},{\"n\":\"b\"}]"))).isFalse();
        assertThat(Semantics.isDerivative(json("[{\"n\":\"a\"},{\"n\":\"b\"}]"), json("[{\"n\":\"b\"},{\"n\":\"a\"}]"))).isFalse();
    }

    @Test
    void numbersCompareByValueNotByJsonType() {
        assertThat(Semantics.isDerivative(json("{\"a\":1}"), json("{\"a\":1.0}"))).isTrue();
        assertThat(Semantics.isDerivative(json("{\"a\":5000000000}"), JSON.createObjectNode().put("a", 5_000_000_000L))).isTrue();
    }

    @Test
    void unsetValuesAreNotCompared() {
        assertThat(Semantics.isDerivative(json("{\"a\":\"\",\"b\":[],\"c\":{},\"d\":null}"), json("{\"a\":\"server\",\"b\":[1],\"c\":{\"x\":1}}"))).isTrue();
    }

    @Test
    void hashIgnoresKeyOrderButNotValues() {
        assertThat(Semantics.hash(json("{\"a\":1,\"b\":2}"))).isEqualTo(Semantics.hash(json("{\"b\":2,\"a\":1}")));
        assertThat(Semantics.hash(json("{\"a\":1,\"b\":2}"))).isNotEqualTo(Semantics.hash(json("{\"a\":1,\"b\":3}")));
        assertThat(Semantics.hash(json("[1,2]"))).isNotEqualTo(Semantics.hash(json("[2,1]")));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
