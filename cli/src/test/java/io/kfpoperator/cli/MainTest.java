package io.kfpoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command line as a user types it. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void versionPrintsTheBuildVersionAndServedApi() {
        assertThat(Main.execute("version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("kfp-operator 0.1.0")
                .contains("pipelines.kubeflow.org/v1beta1");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(Main.execute("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: kfp-operator").contains("version");
    }

    @Test
    void noSubcommandIsAUsageErrorNotACrash() {
        assertThat(Main.execute()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("a subcommand is required").doesNotContain("Exception");
    }

    @Test
    void unknownSubcommandIsNamed() {
        assertThat(Main.execute("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("frobnicate");
    }

    @Test
    void providerServiceWithAnUnknownPlatformListsTheKnownOnes() {
        assertThat(Main.execute("provider-service", "--platform", "nope", "--port", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown platform type 'nope'")
                .contains("kfp")
                .contains("simulated")
                .contains("vai")
                .doesNotContain("Exception");
    }

    @Test
    void controllerWithABadConfigurationKeyNamesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path config = dir.resolve("config.yaml");
        java.nio.file.Files.writeString(config, "spec: {runCompletionFeed: {prot: 8082}}");

        assertThat(Main.execute("controller", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown configuration key 'spec.runCompletionFeed.prot'")
                .doesNotContain("Exception");
    }

    @Test
    void sandboxWithABadFlagValueNamesTheFlag() {
        assertThat(Main.execute("sandbox", "--run-duration", "soon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--run-duration").doesNotContain("Exception");
    }

    @Test
    void sandboxWithBadFaultFlagsNamesThem() {
        assertThat(Main.execute("sandbox", "--platform-faults", "lost=2")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--platform-faults").contains("lost").doesNotContain("Exception");
        assertThat(Main.execute("sandbox", "--api-faults", "patch:runs/status:418:1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--api-faults").contains("418");
    }

    @Test
    void sandboxWithABadRunTtlNamesTheFlag() {
        assertThat(Main.execute("sandbox", "--run-ttl", "soon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--run-ttl").contains("off").doesNotContain("Exception");
    }

    @Test
    void sandboxHelpDescribesTheRunTtl() {
        assertThat(Main.execute("sandbox", "--help")).isZero();
        // picocli wraps the description: compare with the line breaks and indentation folded.
        String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertThat(help).contains("--run-ttl=DURATION|off")
                .contains("Delete completed Runs this long after they complete, e.g. 10m, 1h; off keeps them (default 10m).");
    }

    @Test
    void sandboxHelpSaysWhatCtrlCLeaves() {
        assertThat(Main.execute("sandbox", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "))
                .contains("Ctrl-C stops it and removes its temporary files; the kubeconfig and a --state-dir stay.");
    }
}
