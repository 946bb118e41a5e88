package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Dashboards and alerts may only query metrics the operator exports (SPEC.md §0). */
class MonitoringTest {

    /** The metric names of SPEC.md §0 (histograms as their _bucket series) and the JVM ones we chart. */
    static final Set<String> EXPORTED = Set.of(
            "kfp_operator_reconcile_total",
            "kfp_operator_reconcile_duration_seconds_bucket",
            "kfp_operator_reconcile_queue_depth",
            "kfp_operator_resources",
            "kfp_operator_runs_completed_total",
            "kfp_operator_run_duration_seconds_bucket",
            "kfp_operator_provider_request_duration_seconds_bucket",
            "kfp_operator_events_received_total",
            "kfp_operator_events_published_total",
            "kfp_operator_provider_available",
            "kfp_provider_platform_request_duration_seconds_bucket",
            "kfp_provider_events_sent_total",
            "jvm_memory_used_bytes",
            "process_cpu_usage");

    /**
     * An identifier followed by {, (, [ or whitespace — or by ), a comma or the end, so that
     * {@code max(process_cpu_usage)} and {@code label_values(name, label)} are checked too.
     */
    private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-z_][a-z0-9_]*)(?=[{(\\[\\s),]|$)");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(promql);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (name.startsWith("kfp_") || name.startsWith("jvm_") || name.startsWith("process_")) {
                names.add(name);
            }
        }
        return names;
    }

    private static JsonNode dashboard() {
        ConfigMap configMap = Helm.renderAllTogglesOn().one(ConfigMap.class, "kfp-operator-grafana-dashboard");
        try {
            return JSON.readTree(configMap.getData().get("kfp-operator.json"));
        } catch (IOException e) {
            throw new AssertionError("the dashboard is not JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        for (JsonNode variable : dashboard.at("/templating/list")) {
            JsonNode query = variable.get("query");
            if (query != null && query.isObject() && query.has("query")) {
                exprs.add(query.get("query").asText());
            }
        }
        return exprs;
    }

    @Test
    void extractsMetricNamesFromPromql() {
        assertThat(metricNames("histogram_quantile(0.95, sum by (le) (rate(kfp_operator_reconcile_duration_seconds_bucket{kind=\"Run\"}[5m])))"))
                .containsExactly("kfp_operator_reconcile_duration_seconds_bucket");
        assertThat(metricNames("max(process_cpu_usage) + sum(kfp_made_up [5m])")).containsExactly("kfp_made_up", "process_cpu_usage");
    }

    @Test
    void dashboardQueriesOnlyExportedMetricsAndShowsEachOfThem() {
        JsonNode dashboard = dashboard();
        List<String> exprs = expressions(dashboard);
        Set<String> used = new TreeSet<>();
        exprs.forEach(e -> used.addAll(metricNames(e)));

        assertThat(exprs).hasSizeGreaterThan(10);
        assertThat(used).isSubsetOf(EXPORTED);
        assertThat(used).containsAll(EXPORTED);
        assertThat(dashboard.get("uid").asText()).isEqualTo("kfp-operator");
    }

    @Test
    void dashboardConfigMapIsLabelledForTheGrafanaSidecar() {
        ConfigMap configMap = Helm.renderAllTogglesOn().one(ConfigMap.class, "kfp-operator-grafana-dashboard");

        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(configMap.getMetadata().getAnnotations()).containsEntry("grafana_folder", "ML Platform");
        assertThat(Helm.renderDefaults().find(ConfigMap.class, "kfp-operator-grafana-dashboard")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertRules() {
        List<GenericKubernetesResource> rules = Helm.renderAllTogglesOn().generic("PrometheusRule");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) rules.get(0).getAdditionalProperties().get("spec")).get("groups");
        List<Map<String, Object>> all = new ArrayList<>();
        groups.forEach(g -> all.addAll((List<Map<String, Object>>) g.get("rules")));
        return all;
    }

    @Test
    void alertsQueryOnlyExportedMetrics() {
        List<Map<String, Object>> rules = alertRules();

        assertThat(rules).extracting(r -> r.get("alert")).containsExactlyInAnyOrder(
                "KfpOperatorReconcileErrorRatioHigh", "KfpOperatorResourcesFailed", "KfpOperatorResourcesNotSucceeded",
                "KfpOperatorEventPublishFailures", "KfpOperatorDown", "KfpOperatorNoLeader");
        for (Map<String, Object> rule : rules) {
            String expr = (String) rule.get("expr");
            assertThat(metricNames(expr)).as(rule.get("alert") + ": " + expr).isSubsetOf(EXPORTED);
            assertThat(rule).containsKeys("for", "labels", "annotations");
        }
        String all = rules.toString();
        assertThat(all).contains("kfp_operator_reconcile_total{outcome=\"error\"}", "kfp_operator_resources{state=\"Failed\"}",
                "kfp_operator_events_published_total{outcome=\"failed\"}", "absent(up{job=~\".*kfp-operator.*\"}");
        assertThat(rules).filteredOn(r -> r.get("alert").toString().startsWith("KfpOperatorResources"))
                .allSatisfy(r -> assertThat(r.get("for")).isEqualTo("30m"));
    }

    @Test
    void serviceMonitorScrapesTheMetricsService() {
        List<GenericKubernetesResource> monitors = Helm.renderAllTogglesOn().generic("ServiceMonitor");

        assertThat(monitors).singleElement().satisfies(m -> {
            String spec = m.getAdditionalProperties().get("spec").toString();
            assertThat(spec).contains("port=metrics", "path=/metrics", "honorLabels=true", "app.kubernetes.io/component=metrics");
            assertThat(m.getMetadata().getLabels()).containsEntry("release", "prometheus");
        });
        assertThat(Helm.renderDefaults().generic("ServiceMonitor")).isEmpty();
        assertThat(Helm.renderDefaults().generic("PrometheusRule")).isEmpty();
    }
}
