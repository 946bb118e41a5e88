package io.kfpoperator.bench;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.ExperimentSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code startup}: a controller in a fresh JVM, from process start to ready and to its first
 * reconcile finished, against a JVM that does nothing (the baseline: process start to main).
 * N is the number of repetitions; the median is reported.
 */
final class StartupScenario implements Scenario {

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public List<Measurement> run(Path repository, int n) throws Exception {
        int repetitions = Math.max(1, Math.min(n, 5));
        List<Long> baseline = new ArrayList<>();
        List<Long> ready = new ArrayList<>();
        List<Long> reconciled = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            baseline.add(probe(List.of("--baseline")).get("main"));
            try (BenchEnvironment env = new BenchEnvironment(repository)) {
                Workload workload = new Workload(env.client, repository);
                workload.provider();
                Experiment experiment = new Experiment();
                ObjectMeta meta = new ObjectMeta();
                meta.setNamespace("default");
                meta.setName("startup-probe");
                experiment.setMetadata(meta);
                experiment.setSpec(new ExperimentSpec().withProvider(Workload.PROVIDER));
                env.client.resource(experiment).create();
                Map<String, Long> times = probe(List.of(env.client.getMasterUrl().toString(), env.providerService.localUri().toString()));
                ready.add(times.get("ready"));
                reconciled.add(times.get("reconciled"));
            }
        }
        double base = median(baseline);
        return List.of(
                Measurement.against("startup", "process start to ready", median(ready), base, "ms"),
                Measurement.against("startup", "process start to first reconcile finished", median(reconciled), base, "ms"),
                Measurement.plain("startup", "process start to main (baseline JVM)", base, "ms"));
    }

    private static Map<String, Long> probe(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=none", StartupProbe.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("main=")) {
                    last = line; // other lines are the probe's logging
                }
            }
        }
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the start-up probe did not finish within 3 minutes");
        }
        if (last == null || !last.startsWith("main=")) {
            throw new IllegalStateException("the start-up probe printed no timings (exit " + process.exitValue() + ")");
        }
        Map<String, Long> times = new HashMap<>();
        for (String pair : last.split(" ")) {
            String[] kv = pair.split("=");
            times.put(kv[0], Long.parseLong(kv[1]));
        }
        return times;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }
}
