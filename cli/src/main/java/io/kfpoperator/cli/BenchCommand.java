package io.kfpoperator.cli;

import io.kfpoperator.bench.Bench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the benchmark scenarios and prints each figure with its in-run baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = {
                "Measure reconcile throughput, API writes per resource, resync cost, memory at scale and start-up time,",
                "each against a baseline measured in the same run. Prints a Markdown table and writes JSON to bench/results/."
        })
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", description = "reconcile, resync, scale, startup, events or faults (repeatable; default all but faults).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--n", paramLabel = "N", description = "Size of each scenario (default: reconcile/resync 1000 pairs, scale 10000 resources, startup 3 runs).")
    Integer n;

    @Option(names = "--output", paramLabel = "DIR", description = "Where the JSON results go (default bench/results in the repository).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (n != null && n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--n: must be at least 1");
        }
        Path repository = Repository.root();
        if (System.getenv("KFP_OPERATOR_LOG_LEVEL") == null
                && org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context
                && context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel() == ch.qos.logback.classic.Level.INFO) {
            // The controller runs in this process; its INFO lines would bury the table.
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Bench.Report report;
        try {
            report = Bench.run(repository, scenarios, n);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scenario: " + e.getMessage());
        }
        Bench.printMarkdown(report, System.out);
        Path written = Bench.writeJson(report, output != null ? output : repository.resolve("bench/results"));
        spec.commandLine().getErr().println("results written to " + written);
        return 0;
    }

    /** The repository the launcher runs from (it passes -Dkfp-operator.home), else the nearest one above the working directory. */
    static final class Repository {
        static Path root() {
            String home = System.getProperty("kfp-operator.home");
            if (home != null && Files.isDirectory(Path.of(home, "helm/kfp-operator/crds"))) {
                return Path.of(home);
            }
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null && !Files.isDirectory(dir.resolve("helm/kfp-operator/crds"))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                throw new IllegalStateException("run the benchmark from the kfp-operator repository (it needs helm/kfp-operator/crds and examples/)");
            }
            return dir;
        }
    }
}
