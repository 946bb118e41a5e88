package io.kfpoperator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.cli.migrate.StorageMigration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Moves a cluster the Go operator ran with multiversion onto our CRDs; a dry run unless --apply. */
@Command(name = "migrate", description = {
        "Bring the pipelines.kubeflow.org CRDs of a cluster that ran the Go operator (old versions in status.storedVersions,",
        "a conversion webhook) to ours: every object written back at v1beta1, storedVersions set to [v1beta1], the CRDs",
        "replaced. Prints the plan and changes nothing unless --apply is given; safe to run again (it resumes)."})
final class MigrateCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--apply", description = "Carry the plan out (default: print it only).")
    boolean apply;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
    Path kubeconfig;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KubernetesClient client;
        try {
            client = client();
        } catch (IOException | KubernetesClientException e) {
            err.println("kfp-operator migrate: --kubeconfig " + kubeconfig + ": " + e.getMessage());
            return 2;
        }
        try (client) {
            StorageMigration migration = new StorageMigration(client, line -> {
                out.println(line);
                out.flush();
            });
            List<StorageMigration.Plan> plans = migration.plan();
            plans.forEach(plan -> {
                out.println(plan.crd() + (plan.upToDate() ? ": up to date" : ":"));
                plan.steps().forEach(step -> out.println("  - " + step));
            });
            if (plans.stream().allMatch(StorageMigration.Plan::upToDate)) {
                out.println("nothing to migrate");
                return 0;
            }
            if (!apply) {
                out.println("dry run: nothing changed; run again with --apply to migrate");
                return 0;
            }
            long rewritten = migration.apply(plans);
            out.println("migrated: " + rewritten + " object(s) written back at v1beta1");
            return 0;
        } catch (StorageMigration.MigrationException e) {
            err.println("kfp-operator migrate: " + e.getMessage());
            return 1;
        } catch (KubernetesClientException e) {
            err.println("kfp-operator migrate: the Kubernetes API answered " + e.getCode() + ": " + e.getMessage()
                    + "; run the migration again to resume");
            return 1;
        }
    }

    private KubernetesClient client() throws IOException {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        if (!Files.isRegularFile(kubeconfig)) {
            throw new IOException("no such file");
        }
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    }
}
