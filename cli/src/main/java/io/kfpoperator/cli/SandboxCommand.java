package io.kfpoperator.cli;

import io.kfpoperator.sandbox.Sandbox;
import io.kfpoperator.sandbox.SandboxOptions;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the whole system on a laptop: an embedded API server that kubectl drives, the controller and a simulated platform. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = {
                "Run kfp-operator on this machine without a cluster: an embedded Kubernetes API server (for plain kubectl),",
                "the controller, the run-completion endpoint and a provider service on a simulated ML platform, in one process.",
                "A sandbox for trying the operator, not a production API server.",
                "Ctrl-C stops it and removes its temporary files; the kubeconfig and a --state-dir stay."
        })
final class SandboxCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--api-port", paramLabel = "N", description = "Port of the Kubernetes API kubectl talks to (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int apiPort = SandboxOptions.DEFAULT_API_PORT;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Where to write the kubeconfig for kubectl (default .sandbox/kubeconfig).")
    Path kubeconfig;

    @Option(names = "--events-port", paramLabel = "N", description = "Port of the run-completion endpoint (default: a free port).")
    int eventsPort;

    @Option(names = "--metrics-port", paramLabel = "N", description = "Port of the controller's /metrics, /livez and /readyz (default: a free port).")
    int metricsPort;

    @Option(names = "--nats", paramLabel = "auto|off|URL",
            description = "Where completion events are published: auto (start nats-server -js when it is on the PATH, else log them), off, or a NATS URL (default ${DEFAULT-VALUE}).")
    String nats = "auto";

    @Option(names = "--run-duration", paramLabel = "DURATION", description = "How long a simulated run takes, e.g. 30s, 2m (default ${DEFAULT-VALUE}).")
    String runDuration = "30s";

    @Option(names = "--run-ttl", paramLabel = "DURATION|off",
            description = "Delete completed Runs this long after they complete, e.g. 10m, 1h; off keeps them (default ${DEFAULT-VALUE}).")
    String runTtl = SandboxOptions.format(SandboxOptions.DEFAULT_RUN_TTL);

    @Option(names = "--no-examples", description = "Do not apply the example resources on start.")
    boolean noExamples;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Keep the resources in DIR across restarts (default: nothing is kept).")
    Path stateDir;

    @Option(names = "--platform-faults", paramLabel = "SPEC",
            description = "Faults of the simulated platform, e.g. unavailable=0.3,lost=0.1,hang=0.01,hangFor=30s (docs/provider-service.md).")
    String platformFaults;

    @Option(names = "--api-faults", paramLabel = "VERB:RESOURCE:CODE:RATE[:COUNT]",
            description = "Errors the Kubernetes API answers instead of serving, e.g. patch:runs/status:409:0.05 (repeatable; docs/sandbox.md).")
    List<String> apiFaults = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        SandboxOptions options;
        io.kfpoperator.provider.simulated.FaultPlan faultPlan;
        List<io.kfpoperator.apiserver.faults.ApiFaults.Rule> apiRules = new ArrayList<>();
        try {
            try {
                faultPlan = io.kfpoperator.provider.simulated.FaultPlan.parse(platformFaults);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--platform-faults: " + e.getMessage());
            }
            for (String rule : apiFaults) {
                try {
                    apiRules.add(io.kfpoperator.apiserver.faults.ApiFaults.Rule.parse(rule));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--api-faults: " + e.getMessage());
                }
            }
            Duration duration;
            try {
                duration = SandboxOptions.parseDuration(runDuration);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--run-duration: " + e.getMessage());
            }
            Duration ttl;
            try {
                ttl = SandboxOptions.parseRunTtl(runTtl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--run-ttl: " + e.getMessage() + ", or off");
            }
            options = new SandboxOptions(apiPort, kubeconfig, eventsPort, metricsPort, nats, duration, !noExamples, stateDir, ttl);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kfp-operator sandbox: " + e.getMessage());
            return 2;
        }
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(options, System.out);
        } catch (UncheckedIOException | IllegalStateException e) {
            spec.commandLine().getErr().println("kfp-operator sandbox: cannot start: " + e.getMessage());
            return 1;
        }
        // After start, so the examples are applied without faults.
        sandbox.platform().setFaults(faultPlan);
        apiRules.forEach(sandbox.apiFaults()::inject);
        // Ctrl-C or SIGTERM: the sandbox's shutdown hook stops it and removes its temporary files.
        sandbox.awaitClosed();
        return 0;
    }
}
