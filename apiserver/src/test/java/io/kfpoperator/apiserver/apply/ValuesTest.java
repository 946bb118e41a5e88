package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static io.kfpoperator.apiserver.apply.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {

    @Test
    void anIntegerEqualsTheFloatOfTheSameNumberAsInStructuredMergeDiff() {
        assertThat(Values.equal(IntNode.valueOf(3), DoubleNode.valueOf(3.0))).isTrue();
        assertThat(Values.equal(IntNode.valueOf(3), TextNode.valueOf("3"))).isFalse();
        assertThat(Values.compare(IntNode.valueOf(10), TextNode.valueOf("1"))).isNegative();
    }

    @Test
    void jsonIsWrittenAsGoWritesItWithSortedKeysAndHtmlEscapes() {
        assertThat(Values.goJson(json("{\"b\":1.0,\"a\":\"<&>\",\"c\":[1.5e-7,2e21,true,null]}")))
                .isEqualTo("{\"a\":\"\\u003c\\u0026\\u003e\",\"b\":1,\"c\":[1.5e-7,2e+21,true,null]}");
    }

    @Test
    void valuesInPathsPrintAsGoPrintsThem() {
        assertThat(Values.toGoString(TextNode.valueOf("a\"b\n"))).isEqualTo("\"a\\\"b\\n\"");
        assertThat(Values.toGoString(DoubleNode.valueOf(1.5))).isEqualTo("1.5");
        assertThat(Values.toGoString(DoubleNode.valueOf(1e6))).isEqualTo("1e+06");
        assertThat(Values.toGoString(DoubleNode.valueOf(123456.0))).isEqualTo("123456");
    }
}
