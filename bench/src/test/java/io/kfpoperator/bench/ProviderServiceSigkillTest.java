package io.kfpoperator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.provider.simulated.FaultPlan;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The provider service as the fault: its own JVM on the KFP provider, in front of the fake KFP
 * in this JVM, SIGKILLed three times (after a seeded random pause, at the next request it makes to
 * KFP: a create the first and third time) while waves of Pipelines,
 * RunConfigurations (with recurring runs) and Runs converge and their runs finish, started again
 * each time from its watermark file alone. KFP may hold nothing twice, everything must converge,
 * and every finished KFP run's completion event must reach the stream.
 */
class ProviderServiceSigkillTest {

    @Test
    void killedProviderServicesLeaveNoDuplicatesOnKfpAndLoseNoCompletionEvent() throws Exception {
        AtomicReference<KfpFaultsPlatform> kfp = new AtomicReference<>();
        List<Measurement> measurements = new FaultsScenario(new FaultsScenario.Plan(0, FaultPlan.NONE, 0, false, 3, false),
                (repo, work, eventsPort) -> {
                    kfp.set(new KfpFaultsPlatform(repo, work, eventsPort));
                    return kfp.get();
                }).run(FaultsTargets.repository(), 6);
        Map<String, Double> m = FaultsTargets.report(measurements);
        System.out.println("provider service kills with a request to KFP in flight: " + kfp.get().killsMidRequest() + " of 3");

        assertThat(kfp.get().providerServiceLives()).as("provider service lives").isEqualTo(4);
        assertThat(m.get("provider service restarts (SIGKILL)")).isEqualTo(3);
        // Each kill waits up to 20 s for a request to KFP to cut off; at least two must have found one.
        assertThat(kfp.get().killsMidRequest()).as("kills with a request to KFP in flight").isGreaterThanOrEqualTo(2);
        FaultsTargets.assertMet(m);
        assertThat(kfp.get().violationList()).as("requests off KFP's v2beta1 swagger").isEmpty();
        assertThat(kfp.get().providerServiceUnhandled()).as("errors in " + kfp.get().providerServiceLog()).isEmpty();
    }
}
