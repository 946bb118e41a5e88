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

/** The dashboard, alert and scrape objects the chart renders. */
class MonitoringTest {

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

    /** Which metrics the dashboard and the alerts may query is checked against the live /metrics by MonitoringLiveTest. */
    @Test
    void theDashboardIsRenderedIntoItsConfigMapWithItsUid() {
        JsonNode dashboard = dashboard();

        assertThat(expressions(dashboard)).hasSizeGreaterThan(10);
        assertThat(dashboard.get("uid").asText()).isEqualTo("kfp-operator");
    }

    @Test
    void dashboardConfigMapIsLabelledForTheGrafanaSidecar() {
        ConfigMap configMap = Helm.renderAllTogglesOn().one(ConfigMap.class, "kfp-operator-grafana-dashboard");

        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(configMap.getMetadata().getAnnotations()).containsEntry("grafana_folder", "ML Platform");
        assertThat(Helm.renderDefaults().find(ConfigMap.class, "kfp-operator-grafana-dashboard")).isEmpty();
    }

    @Test
    void serviceMonitorsScrapeTheControllerAndTheProviderServices() {
        List<GenericKubernetesResource> monitors = Helm.renderAllTogglesOn().generic("ServiceMonitor");

        assertThat(monitors).extracting(m -> m.getMetadata().getName())
                .containsExactlyInAnyOrder("kfp-operator-metrics", "kfp-operator-provider-services");
        assertThat(monitors).allSatisfy(m -> {
            assertThat(m.getAdditionalProperties().get("spec").toString()).contains("port=metrics", "path=/metrics", "honorLabels=true");
            assertThat(m.getMetadata().getLabels()).containsEntry("release", "prometheus");
        });
        String controller = monitors.stream().filter(m -> m.getMetadata().getName().equals("kfp-operator-metrics")).findFirst().orElseThrow()
                .getAdditionalProperties().get("spec").toString();
        assertThat(controller).contains("jobLabel=app.kubernetes.io/name", "app.kubernetes.io/component=metrics", "matchNames=[kfp-operator-system]");
        String providers = monitors.stream().filter(m -> m.getMetadata().getName().equals("kfp-operator-provider-services")).findFirst().orElseThrow()
                .getAdditionalProperties().get("spec").toString();
        assertThat(providers).contains("jobLabel=app.kubernetes.io/component", "app.kubernetes.io/component=provider-service", "any=true");

        assertThat(Helm.render("--set", "manager.monitoring.serviceMonitor.create=true",
                "--set", "manager.monitoring.serviceMonitor.providerServices.namespaces={team-a,team-b}").generic("ServiceMonitor"))
                .filteredOn(m -> m.getMetadata().getName().equals("kfp-operator-provider-services")).singleElement()
                .satisfies(m -> assertThat(m.getAdditionalProperties().get("spec").toString()).contains("matchNames=[team-a, team-b]"));
        assertThat(Helm.render("--set", "manager.monitoring.serviceMonitor.create=true",
                "--set", "manager.monitoring.serviceMonitor.providerServices.enabled=false").generic("ServiceMonitor"))
                .extracting(m -> m.getMetadata().getName()).containsExactly("kfp-operator-metrics");
        assertThat(Helm.renderDefaults().generic("ServiceMonitor")).isEmpty();
        assertThat(Helm.renderDefaults().generic("PrometheusRule")).isEmpty();
    }
}
