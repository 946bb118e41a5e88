package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationSpec;
import io.kfpoperator.api.v1beta1.Schedule;
import io.kfpoperator.api.v1beta1.Triggers;
import io.kfpoperator.provider.simulated.SimulatedRun;
import io.kfpoperator.provider.simulated.SimulatedRunState;
import io.kfpoperator.sandbox.Sandbox;
import io.kfpoperator.sandbox.SandboxOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring the chart ships, against the running system: the sandbox (API server, controller,
 * provider service on the simulated platform, in this JVM) runs the tour's traffic — the examples'
 * pipelines, runs completing, completion events published — while a real Prometheus scrapes the
 * controller's and the provider service's {@code /metrics} every second with the chart's alert rules
 * loaded. Every dashboard panel's queries are then answered by that Prometheus; the exposition is
 * checked by {@code promtool check metrics}. Metric names come from the live scrapes only.
 */
class MonitoringLiveTest {

    /** The scrape interval of the test's Prometheus. */
    private static final Duration SCRAPE = Duration.ofSeconds(1);
    /** The Prometheus jobs, named as the chart's ServiceMonitors name them (their jobLabel). */
    static final String CONTROLLER_JOB = "kfp-operator";
    static final String PROVIDER_JOB = "provider-service";

    /**
     * Panels whose queries rightly return nothing on a healthy run of the tour, with the reason. Each
     * is checked to be empty indeed, so that a stale entry fails.
     */
    private static final Map<String, String> EXPECTED_EMPTY = Map.of();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;
    private static Sandbox sandbox;
    private static PrometheusServer prometheus;
    private static Instant scrapingSince;
    private static URI controllerMetrics;
    private static URI providerMetrics;
    private static List<Map<String, Object>> alertRules;

    @BeforeAll
    static void startTheSystemAndPrometheusAndRunTheTour() throws IOException {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        SandboxOptions options = SandboxOptions.defaults().withApiPort(0).withKubeconfig(temp.resolve("kubeconfig"))
                .withRunDuration(Duration.ofSeconds(2)).withRunTtl(null);
        sandbox = Sandbox.start(options, new PrintStream(banner, true, StandardCharsets.UTF_8));
        controllerMetrics = sandbox.controllerMetricsUri().orElseThrow(() -> new AssertionError("the controller serves no metrics"));
        providerMetrics = sandbox.providerServiceMetricsUri();

        Manifests chart = AlertRules.render();
        alertRules = AlertRules.rules(chart);
        Path dir = Files.createDirectories(temp.resolve("prometheus"));
        AlertRules.write(chart, dir.resolve("rules.yaml"));
        prometheus = PrometheusServer.start(dir, """
                global:
                  scrape_interval: %1$ds
                  evaluation_interval: %1$ds
                rule_files: [rules.yaml]
                scrape_configs:
                  - job_name: %2$s
                    metrics_path: %3$s
                    static_configs: [{targets: ["%4$s"]}]
                  - job_name: %5$s
                    metrics_path: %6$s
                    static_configs: [{targets: ["%7$s"]}]
                """.formatted(SCRAPE.toSeconds(), CONTROLLER_JOB, controllerMetrics.getPath(), hostPort(controllerMetrics),
                PROVIDER_JOB, providerMetrics.getPath(), hostPort(providerMetrics)));
        scrapingSince = Instant.now();

        // The tour (docs/sandbox.md): the examples are applied; the one-off run completes, then the
        // pipeline changes, which is a new version and an onChange run of hello-world-hourly.
        await("run/hello-world-once Succeeded").atMost(Duration.ofSeconds(90)).until(() -> {
            Run run = sandbox.client().resources(Run.class).inNamespace("default").withName("hello-world-once").get();
            return run != null && run.getStatus() != null && "Succeeded".equals(run.getStatus().getCompletionState());
        });
        sandbox.client().resources(Pipeline.class).inNamespace("default").withName("hello-world")
                .edit(p -> {
                    p.getSpec().setImage("ghcr.io/example/hello-world:v2");
                    return p;
                });
        await("two runs completed, seen by Prometheus").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> total("sum(kfp_operator_runs_completed_total)") >= 2
                        && total("sum(kfp_operator_events_published_total{outcome=\"published\"})") >= 2);

        // A scheduled run: hello-world-hourly fires only on the hour, so a copy of it fires every
        // 10 s until one such run has completed, then its schedule is removed. A scheduled run has
        // no Run resource; its completion names the RunConfiguration only.
        RunConfiguration hourly = sandbox.client().resources(RunConfiguration.class).inNamespace("default")
                .withName("hello-world-hourly").get();
        RunConfiguration every10s = new RunConfiguration();
        every10s.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("hello-world-every-10s").build());
        every10s.setSpec(JSON.convertValue(hourly.getSpec(), RunConfigurationSpec.class));
        every10s.getSpec().setTriggers(new Triggers().withSchedules(List.of(new Schedule().withCronExpression("*/10 * * * * *"))));
        sandbox.client().resource(every10s).create();
        await("a scheduled run of hello-world-every-10s completed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    RunConfiguration rc = sandbox.client().resource(every10s).get();
                    return rc.getStatus() != null && rc.getStatus().getLatestRuns() != null
                            && rc.getStatus().getLatestRuns().getSucceeded() != null;
                });
        sandbox.client().resource(every10s).edit(rc -> {
            rc.getSpec().setTriggers(new Triggers());
            return rc;
        });
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static double total(String promql) {
        JsonNode result = prometheus.query(promql).path("result");
        return result.isEmpty() ? 0 : result.get(0).path("value").get(1).asDouble();
    }

    static String scrape(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sample lines of an exposition: name → the label sets it has. */
    static Map<String, List<Map<String, String>>> samples(String exposition) {
        Map<String, List<Map<String, String>>> samples = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            assertThat(matcher.matches()).as("a sample line: " + line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(3) != null) {
                Matcher label = LABEL.matcher(matcher.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.computeIfAbsent(matcher.group(1), k -> new ArrayList<>()).add(labels);
        }
        return samples;
    }

    /** {@code # TYPE name type} of an exposition: family name → type. */
    static Map<String, String> types(String exposition) {
        Map<String, String> types = new TreeMap<>();
        exposition.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" "))
                .forEach(parts -> types.put(parts[2], parts[3]));
        return types;
    }

    // --- exposition -----------------------------------------------------------------------------

    @Test
    void bothMetricsEndpointsPassPromtoolCheckMetrics() {
        Map<URI, String> problems = new LinkedHashMap<>();
        for (URI uri : List.of(controllerMetrics, providerMetrics)) {
            String exposition = scrape(uri);
            assertThat(types(exposition)).as(uri + " exports kfp_ metrics").containsKey(
                    uri.equals(controllerMetrics) ? "kfp_operator_reconcile_total" : "kfp_provider_events_sent_total");

            PrometheusTools.Result result = PrometheusTools.promtool(temp, exposition, "check", "metrics");

            if (result.exitCode() != 0 || !result.output().isBlank()) {
                problems.put(uri, "exit " + result.exitCode() + ": " + result.output());
            }
        }
        assertThat(problems).as("promtool check metrics").isEmpty();
    }

    /**
     * No label carries what grows with use: resource names, uids, run ids (the sandbox's resources
     * and the simulated platform's run ids are looked for in every label value), and no metric has
     * more than a handful of label sets.
     */
    @Test
    void noMetricHasAHighCardinalityLabel() {
        Set<String> identities = new HashSet<>();
        for (Class<? extends HasMetadata> kind : List.of(Run.class, Pipeline.class, RunConfiguration.class,
                io.kfpoperator.api.v1beta1.Experiment.class, io.kfpoperator.api.v1beta1.RunSchedule.class)) {
            sandbox.client().resources(kind).inAnyNamespace().list().getItems().forEach(r -> {
                identities.add(r.getMetadata().getName());
                identities.add(r.getMetadata().getUid());
            });
        }
        sandbox.client().resources(Run.class).inAnyNamespace().list().getItems().stream()
                .filter(r -> r.getStatus() != null && r.getStatus().getProvider() != null)
                .forEach(r -> identities.add(r.getStatus().getProvider().getId()));
        identities.remove(null);
        assertThat(identities).hasSizeGreaterThan(10);

        for (URI uri : List.of(controllerMetrics, providerMetrics)) {
            samples(scrape(uri)).forEach((name, labelSets) -> {
                if (!name.startsWith("kfp_")) {
                    return;
                }
                Set<Map<String, String>> series = labelSets.stream().map(l -> {
                    Map<String, String> copy = new TreeMap<>(l);
                    copy.remove("le");
                    return copy;
                }).collect(Collectors.toSet());
                assertThat(series).as(name + " label sets").hasSizeLessThanOrEqualTo(60);
                series.forEach(labels -> labels.forEach((label, value) -> assertThat(identities)
                        .as("%s{%s=\"%s\"} carries the identity of one object", name, label, value).doesNotContain(value)));
            });
        }
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}. */
    static double sum(String exposition, String name, Map<String, String> labels) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            Matcher matcher = SAMPLE.matcher(line);
            if (line.startsWith("#") || !matcher.matches() || !matcher.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            if (matcher.group(3) != null) {
                Matcher label = LABEL.matcher(matcher.group(3));
                while (label.find()) {
                    found.put(label.group(1), label.group(2));
                }
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                String[] parts = line.trim().split("\\s+");
                total += Double.parseDouble(parts[parts.length - 1]);
            }
        }
        return total;
    }

    /**
     * The run and event metrics tell what happened in the tour: one completed run counted (with
     * its duration, 2 s on the simulated platform) per run that succeeded on the platform and one
     * per Run that ended Failed (hello-world-timeout, stopped past its timeout), one event accepted
     * per run that finished on the platform (hello-world-retry's failed attempts too: they are
     * retried, not completed, and not published), and each completion published to every sink.
     * The platform's runs are the truth, not the Runs: a run a schedule fired (hello-world-every-10s,
     * and hello-world-hourly's on the hour) completes without a Run resource.
     */
    @Test
    void theRunAndEventMetricsCountWhatHappened() {
        await("the metrics agree with the platform and the API server").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<SimulatedRun> platformSucceeded = sandbox.platform().runs().stream()
                    .filter(r -> r.state() == SimulatedRunState.SUCCEEDED).toList();
            long scheduled = platformSucceeded.stream().filter(r -> r.scheduleId() != null).count();
            long succeededRuns = sandbox.client().resources(Run.class).inAnyNamespace().list().getItems().stream()
                    .filter(r -> r.getStatus() != null && "Succeeded".equals(r.getStatus().getCompletionState())).count();
            long succeeded = platformSucceeded.size();
            long finished = sandbox.platform().runs().stream().filter(r -> r.state() != SimulatedRunState.RUNNING).count();
            long failedRuns = sandbox.client().resources(Run.class).inAnyNamespace().list().getItems().stream()
                    .filter(r -> r.getStatus() != null && "Failed".equals(r.getStatus().getCompletionState())).count();
            String controller = scrape(controllerMetrics);
            String provider = scrape(providerMetrics);
            Map<String, String> ok = Map.of("status", "succeeded");

            assertThat(succeededRuns).as("Runs Succeeded: every run created from a Run that succeeded on the platform")
                    .isEqualTo(succeeded - scheduled).isGreaterThanOrEqualTo(2);
            assertThat(sum(controller, "kfp_operator_runs_completed_total", ok)).isEqualTo(succeeded);
            double completed = sum(controller, "kfp_operator_runs_completed_total", Map.of());
            assertThat(completed).as("succeeded platform runs and Runs that ended Failed").isEqualTo(succeeded + failedRuns);
            assertThat(sum(controller, "kfp_operator_run_duration_seconds_count", ok)).isEqualTo(succeeded);
            assertThat(sum(controller, "kfp_operator_run_duration_seconds_sum", ok)).isEqualTo(2.0 * succeeded);
            double accepted = sum(controller, "kfp_operator_events_received_total", Map.of("outcome", "accepted"));
            assertThat(accepted).as("one per run finished on the platform").isEqualTo(finished);
            assertThat(sum(provider, "kfp_provider_events_sent_total", Map.of("result", "Success"))).isEqualTo(accepted);
            Set<String> sinks = samples(controller).getOrDefault("kfp_operator_events_published_total", List.of()).stream()
                    .map(l -> l.get("sink")).collect(Collectors.toCollection(TreeSet::new));
            assertThat(sinks).contains("log");
            for (String sink : sinks) {
                assertThat(sum(controller, "kfp_operator_events_published_total", Map.of("sink", sink, "outcome", "published")))
                        .as("published to " + sink).isEqualTo(completed);
                assertThat(sum(controller, "kfp_operator_events_published_total", Map.of("sink", sink, "outcome", "failed"))).isZero();
            }
        });
    }

    // --- dashboard ------------------------------------------------------------------------------

    record Panel(String title, List<String> exprs) {
    }

    static JsonNode dashboard() throws IOException {
        return JSON.readTree(Helm.CHART.resolve("dashboards/kfp-operator.json").toFile());
    }

    static List<Panel> panels(JsonNode dashboard) {
        List<Panel> panels = new ArrayList<>();
        collect(dashboard.path("panels"), panels);
        return panels;
    }

    private static void collect(JsonNode nodes, List<Panel> into) {
        for (JsonNode panel : nodes) {
            if (panel.path("targets").size() > 0) {
                List<String> exprs = new ArrayList<>();
                panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
                into.add(new Panel(panel.path("title").asText(), exprs));
            }
            collect(panel.path("panels"), into);
        }
    }

    /** Each query variable's values as its label_values() query finds them, formatted as Grafana does a multi-value regex. */
    private static Map<String, String> variables(JsonNode dashboard) {
        Pattern labelValues = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_]+)\\)");
        Map<String, String> values = new HashMap<>();
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            String query = variable.at("/query/query").asText();
            Matcher matcher = labelValues.matcher(query);
            assertThat(matcher.matches()).as("variable " + variable.path("name") + ": " + query).isTrue();
            List<String> found = prometheus.labelValues(matcher.group(2), matcher.group(1));
            assertThat(found).as("values of variable $%s (%s)", variable.path("name").asText(), query).isNotEmpty();
            values.put(variable.path("name").asText(),
                    "(" + found.stream().map(v -> v.replaceAll("([\\\\.+*?()|\\[\\]{}^$])", "\\\\$1")).collect(Collectors.joining("|")) + ")");
        }
        return values;
    }

    /**
     * The query as Grafana sends it: variables replaced by every value they offer, and
     * {@code $__rate_interval} by the time Prometheus has been scraping (the dashboard zoomed to the
     * test's run; at least four scrape intervals, as Grafana has it).
     */
    private static String fill(String expr, Map<String, String> variables) {
        long seconds = Math.max(4 * SCRAPE.toSeconds(), Duration.between(scrapingSince, Instant.now()).toSeconds() + 1);
        String filled = expr.replace("$__rate_interval", seconds + "s");
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            filled = filled.replace("$" + variable.getKey(), variable.getValue());
        }
        assertThat(filled).as("every variable of " + expr + " is known").doesNotContain("$");
        return filled;
    }

    /** Whether any series of the answer has a number (NaN, as 0/0 or a quantile of nothing, shows nothing). */
    private static boolean hasData(JsonNode data) {
        for (JsonNode series : data.path("result")) {
            String value = series.path("value").get(1).asText();
            if (!value.equals("NaN")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyDashboardPanelShowsLiveData() throws IOException {
        JsonNode dashboard = dashboard();
        List<Panel> panels = panels(dashboard);
        assertThat(panels).hasSizeGreaterThan(15);
        assertThat(panels).extracting(Panel::title).containsAll(EXPECTED_EMPTY.keySet());
        Map<String, String> empty = new TreeMap<>();
        // The controller checks Providers' availability every 30 s: $provider may take that long to have a value.
        await("every panel answered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, String> variables = variables(dashboard);
            empty.clear();
            for (Panel panel : panels) {
                for (String expr : panel.exprs()) {
                    String query = fill(expr, variables);
                    if (!hasData(prometheus.query(query))) {
                        empty.put(panel.title(), query);
                    }
                }
            }
            assertThat(empty.keySet()).as("panels without data: %s", empty).isEqualTo(EXPECTED_EMPTY.keySet());
        });
    }

    // --- metric names ---------------------------------------------------------------------------

    private static Set<String> liveSampleNames() {
        Set<String> names = new TreeSet<>(samples(scrape(controllerMetrics)).keySet());
        names.addAll(samples(scrape(providerMetrics)).keySet());
        return names;
    }

    /** The dashboard and the alerts query only series the system exports, and the dashboard shows every kfp_ metric it exports. */
    @Test
    void dashboardAndAlertsUseTheLiveMetricsAndTheDashboardShowsEachKfpMetric() throws IOException {
        Set<String> live = liveSampleNames();
        Map<String, String> types = new TreeMap<>(types(scrape(controllerMetrics)));
        types.putAll(types(scrape(providerMetrics)));
        Set<String> families = new TreeSet<>(types.keySet());
        // Micrometer adds a <histogram>_max gauge to each histogram: the histogram's panel shows it.
        families.removeIf(f -> !f.startsWith("kfp_")
                || f.endsWith("_max") && "histogram".equals(types.get(f.substring(0, f.length() - "_max".length()))));
        assertThat(families).hasSizeGreaterThan(5);

        Set<String> charted = new TreeSet<>();
        JsonNode dashboard = dashboard();
        panels(dashboard).forEach(p -> p.exprs().forEach(e -> charted.addAll(MonitoringTest.metricNames(e))));
        dashboard.at("/templating/list").forEach(v -> charted.addAll(MonitoringTest.metricNames(v.at("/query/query").asText())));
        assertThat(charted).as("series the dashboard queries").isSubsetOf(live);
        for (String family : families) {
            assertThat(charted).as("the dashboard shows " + family)
                    .anyMatch(name -> name.equals(family) || name.equals(family + "_bucket") || name.equals(family + "_total"));
        }

        for (Map<String, Object> rule : alertRules) {
            assertThat(MonitoringTest.metricNames((String) rule.get("expr"))).as(rule.get("alert") + " queries").isSubsetOf(live);
        }
    }

    /**
     * The alert unit tests feed series as the system exports them: every input series of
     * src/test/resources/alerts/ is a live series name (or Prometheus' own {@code up}) and carries
     * only labels the live series has (plus the job and instance Prometheus adds).
     */
    @Test
    void theAlertUnitTestsUseLiveSeriesNamesAndLabels() throws IOException {
        Map<String, Set<String>> liveLabels = new TreeMap<>();
        for (URI uri : List.of(controllerMetrics, providerMetrics)) {
            samples(scrape(uri)).forEach((name, sets) -> sets.forEach(l -> liveLabels.computeIfAbsent(name, k -> new TreeSet<>()).addAll(l.keySet())));
        }
        liveLabels.put("up", new TreeSet<>());
        ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        Pattern series = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?");
        List<String> inputs = new ArrayList<>();
        try (var files = Files.list(Helm.RESOURCES.resolve("alerts"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".test.yaml")).toList()) {
                yaml.readTree(file.toFile()).path("tests").forEach(t -> t.path("input_series").forEach(i -> inputs.add(i.path("series").asText())));
            }
        }
        assertThat(inputs).hasSizeGreaterThan(10);

        for (String input : inputs) {
            Matcher matcher = series.matcher(input.replace(" ", ""));
            assertThat(matcher.matches()).as(input).isTrue();
            String name = matcher.group(1);
            assertThat(liveLabels).as("alert test input " + input + " is a live series").containsKey(name);
            Set<String> labels = new TreeSet<>();
            if (matcher.group(3) != null) {
                Matcher label = LABEL.matcher(matcher.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
            labels.removeAll(Set.of("job", "instance"));
            assertThat(liveLabels.get(name)).as("labels of " + input).containsAll(labels);
        }
    }

    // --- alerts ---------------------------------------------------------------------------------

    /** The chart's rules evaluate without error against the live series, and none fires on a healthy system. */
    @Test
    void theAlertRulesEvaluateCleanlyAndNoneFiresOnAHealthySystem() {
        await("every rule evaluated").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> rules = new ArrayList<>();
            prometheus.rules().path("groups").forEach(g -> g.path("rules").forEach(rules::add));
            assertThat(rules).hasSize(alertRules.size());
            assertThat(rules).allSatisfy(rule -> {
                assertThat(rule.path("health").asText()).as(rule.path("name").asText() + ": " + rule.path("lastError").asText()).isEqualTo("ok");
                assertThat(rule.path("state").asText()).as(rule.path("name").asText()).isNotEqualTo("firing");
            });
        });
        assertThat(prometheus.query("up").path("result")).hasSize(2)
                .allSatisfy(series -> assertThat(series.path("value").get(1).asText()).isEqualTo("1"));
    }
}
