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
                BenchCommand.class,
                ProviderServiceCommand.class,
                SandboxCommand.class,
                MigrateCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--log-level", paramLabel = "LEVEL", scope = CommandLine.ScopeType.INHERIT,
            description = "Log level: ERROR, WARN, INFO, DEBUG or TRACE (default INFO, or KFP_OPERATOR_LOG_LEVEL).")
    void setLogLevel(String level) {
        ch.qos.logback.classic.Level parsed = ch.qos.logback.classic.Level.toLevel(level, null);
        if (parsed == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--log-level: '" + level + "' is not one of ERROR, WARN, INFO, DEBUG, TRACE");
        }
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(parsed);
        }
    }

    public static void main(String[] args) {
        // Every HTTP server of ours (the controller's /events, metrics and health, the provider service) answers with
        // TCP_NODELAY, as Go servers do: with Nagle's algorithm each answer to a client that sends request after request
        // waits ~40 ms for the client's delayed ACK. The JDK HTTP server reads this when the first one starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        int code;
        try {
            code = execute(args);
        } catch (Throwable e) {
            // Nothing may keep the JVM alive after a failure it cannot report as an exit code (non-daemon server threads).
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
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
