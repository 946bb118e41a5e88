package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every value of values.yaml is documented in the chart's README.md. */
class ReadmeTest {

    private static void leaves(String prefix, JsonNode node, List<String> out) {
        if (node.isObject() && node.size() > 0 && !prefix.endsWith("Selector") && !prefix.endsWith("resources")
                && !prefix.endsWith("labels") && !prefix.endsWith("parameters") && !prefix.endsWith("podSelector")) {
            node.fields().forEachRemaining(e -> leaves(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.add(prefix);
        }
    }

    @Test
    void everyValueIsDocumentedInTheChartReadme() throws IOException {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(Helm.CHART.resolve("values.yaml").toFile());
        String readme = Files.readString(Helm.CHART.resolve("README.md"));
        List<String> keys = new ArrayList<>();
        leaves("", values, keys);

        assertThat(keys).hasSizeGreaterThan(50);
        assertThat(keys).allSatisfy(key -> assertThat(readme).as("README.md documents `%s`", key).contains("`" + key + "`"));
    }
}
