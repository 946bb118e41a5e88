package io.kfpoperator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single kfp-operator executable; each component is a subcommand. */
@Command(
        name = "kfp-operator",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Kubernetes operator for machine-learning pipelines (Kubeflow Pipelines, Vertex AI, custom platforms).",
        subcommands = {
                VersionCommand.class,
                ControllerCommand.class,
                ProviderServiceCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; tests call this instead of main. */
    public static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
