package io.kfpoperator.apiserver.golang;

import io.kfpoperator.apiserver.schema.Yaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GoTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1000000, 1e+06", "123456, 123456", "1234567, 1.234567e+06", "0.0001, 0.0001", "0.00001, 1e-05",
            "1.5, 1.5", "0.1, 0.1", "100, 100", "-2.5e-7, -2.5e-07", "1e21, 1e+21", "0.3, 0.3"})
    void floatsArePrintedAsFmtPrintsThem(double value, String printed) {
        assertThat(GoText.formatFloat(value)).isEqualTo(printed);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1e21, 1e+21", "1e20, 100000000000000000000", "1e-7, 1e-7", "0.000001, 0.000001", "2.5, 2.5"})
    void floatsAreMarshalledAsEncodingJsonWritesThem(double value, String printed) {
        assertThat(GoText.jsonFloat(value)).isEqualTo(printed);
    }

    @Test
    void stringsAreQuotedAsStrconvQuoteDoes() {
        assertThat(GoText.quote("a\"b\\c\n\t\u0001é\u00a0\uD83D\uDE00")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\x01é\\u00a0\uD83D\uDE00\"");
    }

    @Test
    void valuesArePrintedAsGoSyntax() {
        assertThat(GoText.goSyntax(Yaml.node("{b: [1, 2.5, x, null, true], a: {}}")))
                .isEqualTo("map[string]interface {}{\"a\":map[string]interface {}{}, \"b\":[]interface {}{1, 2.5, \"x\", interface {}(nil), true}}");
    }

    @Test
    void valuesAreMarshalledWithSortedKeysAndHtmlEscapes() {
        assertThat(GoText.jsonMarshal(Yaml.node("{b: '<&>', a: [1, 1.5]}"))).isEqualTo("{\"a\":[1,1.5],\"b\":\"\\u003c\\u0026\\u003e\"}");
    }
}
