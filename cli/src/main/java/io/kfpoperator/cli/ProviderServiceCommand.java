package io.kfpoperator.cli;

import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.providerservice.ConfigException;
import io.kfpoperator.providerservice.ConfigLoader;
import io.kfpoperator.providerservice.ProviderService;
import io.kfpoperator.providerservice.ProviderServiceConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a provider service: the provider REST contract over one platform, plus completion events. */
@Command(name = "provider-service", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = {
                "Serve the provider REST contract for one ML platform and deliver its run completion events to the operator.",
                "Configuration: --config FILE (YAML), then environment (PROVIDERNAME, OPERATORWEBHOOK, SERVER_PORT, PARAMETERS_<KEY>, ...), then flags."
        })
final class ProviderServiceCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--platform", paramLabel = "TYPE", description = "Platform type: simulated, kfp or vai.")
    String platform;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default 0.0.0.0).")
    String host;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    @Option(names = "--provider-name", paramLabel = "NAMESPACE/NAME", description = "The Provider resource this service serves.")
    String providerName;

    @Option(names = "--pipeline-root-storage", paramLabel = "URI", description = "Where pipelines write their outputs.")
    String pipelineRootStorage;

    @Option(names = "--operator-webhook", paramLabel = "URL", description = "The operator's run-completion endpoint (…/events).")
    String operatorWebhook;

    @Option(names = "--operator-token-file", paramLabel = "FILE", description = "File holding the bearer token for the operator endpoint.")
    String operatorTokenFile;

    @Option(names = "--watermark-file", paramLabel = "FILE", description = "Where the event delivery watermark is kept.")
    String watermarkFile;

    @Option(names = "--watermark-config-map", paramLabel = "NAME", description = "Keep the watermark in this ConfigMap instead of a file.")
    String watermarkConfigMap;

    @Option(names = "--watermark-namespace", paramLabel = "NAMESPACE", description = "Namespace of the watermark ConfigMap.")
    String watermarkNamespace;

    @Option(names = {"-P", "--parameter"}, paramLabel = "KEY=VALUE", description = "A platform parameter (repeatable).")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ConfigLoader.PLATFORM, platform);
        flags.put(ConfigLoader.SERVER_PORT, port == null ? null : String.valueOf(port));
        flags.put(ConfigLoader.SERVER_HOST, host);
        flags.put(ConfigLoader.PROVIDER_NAME, providerName);
        flags.put(ConfigLoader.PIPELINE_ROOT_STORAGE, pipelineRootStorage);
        flags.put(ConfigLoader.OPERATOR_WEBHOOK, operatorWebhook);
        flags.put(ConfigLoader.OPERATOR_TOKEN_FILE, operatorTokenFile);
        flags.put(ConfigLoader.WATERMARK_FILE, watermarkFile);
        flags.put(ConfigLoader.WATERMARK_CONFIG_MAP, watermarkConfigMap);
        flags.put(ConfigLoader.WATERMARK_NAMESPACE, watermarkNamespace);
        parameters.forEach((k, v) -> flags.put(ConfigLoader.PARAMETERS_PREFIX + k, v));

        ProviderService service;
        ProviderServiceConfig configuration;
        try {
            configuration = ConfigLoader.load(config, System.getenv(), flags);
            service = ProviderService.start(configuration);
        } catch (ConfigException | PlatformConfigurationException | UncheckedIOException | IllegalStateException e) {
            // Start-up errors are the user's to fix: the message names what is wrong, a stack trace would bury it.
            spec.commandLine().getErr().println("kfp-operator provider-service: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println("provider service for " + configuration.providerName() + " (platform "
                + configuration.platform() + ") listening on port " + service.port());
        spec.commandLine().getOut().flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "provider-service-shutdown"));
        stopped.await();
        return 0;
    }
}
