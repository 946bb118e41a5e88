package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alerts behave as their runbooks say: {@code promtool test rules} runs the unit tests
 * kept in {@code src/test/resources/alerts/} (input series that must fire each alert, and series
 * that must not, around its {@code for:}) against the rule groups the chart renders.
 */
class AlertRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ALERT_TESTS = Helm.RESOURCES.resolve("alerts");

    @TempDir
    static Path dir;
    private static List<Map<String, Object>> rules;
    private static List<Path> testFiles;

    @BeforeAll
    static void renderRules() throws IOException {
        Manifests manifests = AlertRules.render();
        rules = AlertRules.rules(manifests);
        AlertRules.write(manifests, dir.resolve("rules.yaml"));
        try (Stream<Path> files = Files.list(ALERT_TESTS)) {
            testFiles = files.filter(f -> f.getFileName().toString().endsWith(".test.yaml")).sorted().collect(Collectors.toList());
        }
        for (Path file : testFiles) {
            Files.copy(file, dir.resolve(file.getFileName()));
        }
    }

    private static Set<String> alertNames() {
        return rules.stream().map(r -> (String) r.get("alert")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theRenderedRulesPassPromtoolCheck() {
        PrometheusTools.Result result = PrometheusTools.promtool(dir, null, "check", "rules", "rules.yaml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + rules.size() + " rules found");
    }

    @Test
    void everyAlertFiresWhenItShouldAndStaysQuietWhenItShouldNot() {
        assertThat(testFiles).isNotEmpty();
        String[] args = Stream.concat(Stream.of("test", "rules"), testFiles.stream().map(f -> f.getFileName().toString()))
                .toArray(String[]::new);

        PrometheusTools.Result result = PrometheusTools.promtool(dir, null, args);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    /** Every alert has a test case where it fires and one where it must not: a new alert without tests fails here. */
    @Test
    void theUnitTestsCoverEveryAlertBothWays() throws IOException {
        Set<String> fires = new TreeSet<>();
        Set<String> staysQuiet = new TreeSet<>();
        for (Path file : testFiles) {
            for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String alert = check.path("alertname").asText();
                    (check.path("exp_alerts").isEmpty() ? staysQuiet : fires).add(alert);
                }
            }
        }

        assertThat(alertNames()).hasSize(6);
        assertThat(fires).isEqualTo(alertNames());
        assertThat(staysQuiet).isEqualTo(alertNames());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertLinksToItsRunbookEntryInTroubleshooting() throws IOException {
        Set<String> anchors = Files.readAllLines(Helm.REPO.resolve("docs/troubleshooting.md")).stream()
                .filter(line -> line.startsWith("#"))
                .map(AlertRulesTest::githubAnchor)
                .collect(Collectors.toSet());

        for (Map<String, Object> rule : rules) {
            String alert = (String) rule.get("alert");
            Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
            assertThat(annotations.get("runbook_url")).as(alert)
                    .isEqualTo(AlertRules.RUNBOOK_BASE_URL + "#" + alert.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("a heading `### %s` in docs/troubleshooting.md", alert).contains(alert.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutARunbookBaseUrlThereIsNoRunbookLink() {
        List<Map<String, Object>> plain = AlertRules.rules(Helm.render("--set", "manager.monitoring.prometheusRule.create=true"));

        assertThat(plain).hasSize(rules.size()).allSatisfy(rule ->
                assertThat((Map<String, Object>) rule.get("annotations")).containsKeys("summary", "description").doesNotContainKey("runbook_url"));
    }

    /** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as dashes. */
    static String githubAnchor(String heading) {
        return heading.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
