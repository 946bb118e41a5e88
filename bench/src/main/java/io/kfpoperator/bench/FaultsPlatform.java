package io.kfpoperator.bench;

import io.kfpoperator.provider.simulated.FaultPlan;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The platform the {@code faults} scenario converges on and the provider service in front of it:
 * what the chaos restarts, where the platform's faults are switched, and what the scenario counts
 * on the platform afterwards to find duplicates and lost completion events.
 */
interface FaultsPlatform extends AutoCloseable {

    /** Makes one for a scenario run: its files go under {@code work}, completion events to the controller's {@code eventsPort}. */
    interface Factory {
        FaultsPlatform create(Path repository, Path work, int eventsPort) throws IOException;
    }

    /** The provider service's address, the same over its restarts. */
    URI providerService();

    void start() throws Exception;

    /** The provider service goes down with its requests in flight and comes back on the same address; how it goes down is the platform's to say. */
    void restartProviderService() throws Exception;

    /** How {@link #restartProviderService} takes it down, for the report ("stopped at once", "SIGKILL"). */
    String providerServiceRestart();

    /** The platform's own faults from now on ({@link FaultPlan#NONE}: none). */
    void faults(FaultPlan plan);

    /** Faults injected so far by kind ({@code unavailable}, {@code lost}, {@code hang}). */
    Map<String, Long> injectedFaults();

    /** Pipelines on the platform. */
    long pipelines();

    /** Pipeline versions the operator made on the platform (a platform's own initial versions not counted). */
    long pipelineVersions();

    long runSchedules();

    /** Runs on the platform not fired by one of its schedules. */
    long runsNotFromSchedules();

    /** Ids of the platform's runs that finished. */
    Set<String> finishedRunIds();

    /** Problems the platform saw in what it was sent (requests off its published spec); none is the target. */
    default long violations() {
        return 0;
    }

    @Override
    void close() throws Exception;
}
