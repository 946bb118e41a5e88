package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The chart's PrometheusRule as Prometheus reads it: its rule groups in a rules file. */
final class AlertRules {

    /** Where the rendered runbook_url annotations point in the tests. */
    static final String RUNBOOK_BASE_URL = "https://git.example.com/kfp-operator/docs/troubleshooting.md";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private AlertRules() {
    }

    /** The chart's defaults with the PrometheusRule on and runbook links set. */
    static Manifests render() {
        return Helm.render("--set", "manager.monitoring.prometheusRule.create=true",
                "--set", "manager.monitoring.prometheusRule.runbookBaseUrl=" + RUNBOOK_BASE_URL);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groups(Manifests manifests) {
        List<GenericKubernetesResource> rules = manifests.generic("PrometheusRule");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        return (List<Map<String, Object>>) ((Map<String, Object>) rules.get(0).getAdditionalProperties().get("spec")).get("groups");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(Manifests manifests) {
        List<Map<String, Object>> all = new ArrayList<>();
        groups(manifests).forEach(g -> all.addAll((List<Map<String, Object>>) g.get("rules")));
        return all;
    }

    /** Writes the rule groups of {@code manifests}' PrometheusRule to {@code file}, as a Prometheus rules file. */
    static Path write(Manifests manifests, Path file) {
        try {
            Files.writeString(file, YAML.writeValueAsString(Map.of("groups", groups(manifests))));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
