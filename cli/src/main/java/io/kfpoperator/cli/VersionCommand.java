package io.kfpoperator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints the operator's version and the API version it serves. */
@Command(name = "version", description = "Print the version of kfp-operator and the resource API version it serves.")
final class VersionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }

    /** Reads the version Maven wrote into version.properties at build time. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = VersionCommand.class.getResourceAsStream("/kfp-operator-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                // fall through to "unknown": a version line must never stop the command
            }
            return new String[] {
                    "kfp-operator " + properties.getProperty("version", "unknown"),
                    "resources: pipelines.kubeflow.org/v1beta1",
                    "java " + System.getProperty("java.version"),
            };
        }
    }
}
